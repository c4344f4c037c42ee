#!/usr/bin/env bash
# Cold wall time of a JVM that checks one Click config (org.jclick.bench.CheckOnce: read, parse, flatten,
# print diagnostics), under the JVM flags the launcher might use. See docs/PERFORMANCE.md.
#
#   jmvn -q package -pl click-lang,benchmarks -DskipTests     # once: builds the jars used below
#   benchmarks/cold-start.sh [CONFIG.click ...]                # default: the largest config and a small one
#
# Needs hyperfine (Debian: apt-get install hyperfine) and python3. Environment: JAVA (default: JDK 25),
# RUNS (6) runs per variant in each of ROUNDS (5) rounds, OUT (directory for the AppCDS/AOT archives, the
# hyperfine JSON and summary.md; default benchmarks/target/cold-start).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
RUNS=${RUNS:-6}
ROUNDS=${ROUNDS:-5}
OUT=${OUT:-$root/benchmarks/target/cold-start}
shared=${JCLICK_SHARED:-$root/../shared}
configs=("$@")
if [ ${#configs[@]} -eq 0 ]; then
  configs=("$shared/corpus/click/configs/conf/wifi/sample.click" "$shared/corpus/click/configs/conf/test.click")
fi

command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 2; }
antlr=$(ls "$HOME"/.m2/repository/org/antlr/antlr4-runtime/*/antlr4-runtime-*.jar | grep -v sources | sort -V | tail -1)
lang=$(ls "$root"/click-lang/target/click-lang-*.jar | grep -v -e sources -e tests | head -1)
bench=$(ls "$root"/benchmarks/target/benchmarks-*.jar | grep -v -e sources -e tests | head -1)
for f in "$antlr" "$lang" "$bench" "${configs[@]}"; do
  [ -f "$f" ] || { echo "missing: $f (build first: jmvn -q package -pl click-lang,benchmarks -DskipTests)" >&2; exit 2; }
done
# jars only: CDS and the AOT cache archive classes from jar files, not from class directories
cp="$lang:$antlr:$bench"
main=org.jclick.bench.CheckOnce
mkdir -p "$OUT"
rm -f "$OUT"/*.jsa "$OUT"/*.aot "$OUT"/*.json "$OUT"/*.md

"$JAVA" -version 2>&1 | head -1
echo "classpath: $cp"

# Training runs: the AppCDS archive is written at the first run's exit (hyperfine's warm-up below), the AOT
# cache (JEP 483/514/515: linked classes + method profiles) by one run with -XX:AOTCacheOutput.
"$JAVA" -XX:AOTCacheOutput="$OUT/check.aot" -cp "$cp" $main "${configs[0]}" 2>/dev/null || true
"$JAVA" -XX:AOTCacheOutput="$OUT/check-c1.aot" -XX:TieredStopAtLevel=1 -cp "$cp" $main "${configs[0]}" 2>/dev/null || true

# On a shared 2-core machine other work comes and goes: the variants run in ROUNDS rounds of RUNS runs each,
# round-robin, so that a burst of outside load hits all of them alike; the summary takes every run.
for round in $(seq 1 "$ROUNDS"); do
  i=0
  for config in "${configs[@]}"; do
    i=$((i + 1))
    name=$(basename "$config")
    run="-cp $cp $main $config"
    # the real thing, when the ./jclick launcher is there (it builds itself and trains its own AOT cache
    # first: run it once before measuring)
    launcher=()
    [ -x "$root/jclick" ] && launcher=(-n "./jclick check (launcher)" "$root/jclick check $config")
    hyperfine -N --style basic --warmup 2 --runs "$RUNS" --export-json "$OUT/$i-$name.round$round.json" \
      -n "default (CDS of the JDK on)" "$JAVA $run" \
      -n "no CDS (-Xshare:off)" "$JAVA -Xshare:off $run" \
      -n "C1 only (-XX:TieredStopAtLevel=1)" "$JAVA -XX:TieredStopAtLevel=1 $run" \
      -n "Serial GC (-XX:+UseSerialGC)" "$JAVA -XX:+UseSerialGC $run" \
      -n "C1 only + Serial GC" "$JAVA -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $run" \
      -n "AppCDS (-XX:+AutoCreateSharedArchive)" \
         "$JAVA -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$OUT/check.jsa $run" \
      -n "AOT cache (-XX:AOTCache)" "$JAVA -XX:AOTCache=$OUT/check.aot $run" \
      -n "AOT cache + C1 only" "$JAVA -XX:AOTCache=$OUT/check-c1.aot -XX:TieredStopAtLevel=1 $run" \
      -n "AOT cache + C1 only + Serial GC" \
         "$JAVA -XX:AOTCache=$OUT/check-c1.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $run" \
      -n "AOT cache + C1 only + Serial GC + -XX:-UsePerfData" \
         "$JAVA -XX:AOTCache=$OUT/check-c1.aot -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData $run" \
      "${launcher[@]}" \
      -n "java -version (JVM floor)" "$JAVA -version"
  done
done

# Summary: wall time median and minimum over all runs, mean user+system CPU, per config and variant.
python3 - "$OUT" "${configs[@]}" <<'PY' | tee "$OUT/summary.md"
import glob, json, os, statistics, sys
out, configs = sys.argv[1], sys.argv[2:]
for i, config in enumerate(configs, 1):
    rows = {}
    for f in sorted(glob.glob(f"{out}/{i}-{os.path.basename(config)}.round*.json")):
        for r in json.load(open(f))["results"]:
            row = rows.setdefault(r["command"], {"times": [], "cpu": []})
            row["times"] += r["times"]
            row["cpu"].append(r["user"] + r["system"])
    print(f"\n{config} ({os.path.getsize(config)} bytes)\n")
    print("| variant | wall median (ms) | wall min (ms) | CPU user+sys (ms) | runs |")
    print("|---|---:|---:|---:|---:|")
    for name, row in rows.items():
        print(f"| {name} | {statistics.median(row['times']) * 1000:.0f} | {min(row['times']) * 1000:.0f}"
              f" | {statistics.mean(row['cpu']) * 1000:.0f} | {len(row['times'])} |")
PY
echo "summary: $OUT/summary.md"
