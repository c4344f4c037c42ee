#!/usr/bin/env python3
# Which of Click's tests in issue 3's folders use only elements of issue 3's list: prints ELIG or NOT (with the
# classes outside the list) per test. A class counts as an element if Click's element list
# (../shared/reference/click-element-usage.md) names it; names it does not know (test elements, Bypass, ...) do
# not exclude a test. Join with the runner's PASS/FAIL/SKIP lines to get the pass rate (docs/CONFORMANCE.md).
#   python3 tests/eligible-tests.py
import re,os,sys,glob
import pathlib
HERE=pathlib.Path(__file__).resolve().parent
SHARED=HERE.parent.parent/'shared'
T=str(SHARED/'corpus/click/tests')
usage=open(SHARED/'reference/click-element-usage.md').read()
known=set(re.findall(r'\| `([A-Za-z0-9_@/]+)` \|',usage))
issue="""InfiniteSource RatedSource TimedSource Idle Discard TimedSink Null Queue NotifierQueue FullNoteQueue SimpleQueue MixedQueue ThreadSafeQueue Unqueue RatedUnqueue BandwidthRatedUnqueue DelayUnqueue LinkUnqueue RoundRobinSched PrioSched StrideSched TimeSortedSched PullSwitch SimplePullSwitch InputSwitch DelayShaper Shaper BandwidthShaper Tee PullTee Switch StaticSwitch PaintSwitch PaintTee Paint CheckPaint RandomSample RatedSplitter BandwidthRatedSplitter Counter AverageCounter Strip Unstrip Truncate Pad Resize Align AlignmentInfo SetTimestamp AdjustTimestamp TimeFilter SetVLANAnno VLANEncap VLANDecap EtherVLANEncap Print IPPrint ARPPrint Message Error Script DriverManager AddressInfo PortInfo ScheduleInfo StaticThreadSched RandomSeed FromDump ToDump FromIPSummaryDump ToIPSummaryDump FromTcpdump""".split()
issue=set(issue)
for folder in ['standard','analysis','compound','handlers','threads','ethernet']:
    for f in sorted(glob.glob(f'{T}/{folder}/*.clicktest')):
        txt=open(f,errors='replace').read()
        names=set(re.findall(r'\b([A-Z][A-Za-z0-9]+)\b',txt))
        els=names&known
        bad=sorted(els-issue)
        print(('ELIG ' if not bad else 'NOT  ')+folder+'/'+os.path.basename(f)[:-10]+' '+' '.join(bad))
