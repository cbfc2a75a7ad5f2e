import sys
from solieu import extract
docs = open(sys.argv[1], encoding="utf-8").read().split("\n====\n")
for t in docs:
    f = extract(t).document.facts
    print("---", repr(t.strip()[:70]))
    print("   type=%s number=%s date=%s issuer=%s" % (f.doc_type, f.number, f.date, f.issuer))
    print("   unit=%s | period=%s" % (f.reporting_unit, f.period))
