#!/usr/bin/env bash
# Times ReparamGen and PyTorch on the same batch operations in one run and prints a table:
# Normal rsample + gradient, the Gamma implicit shape gradient, Gamma rsample + gradient, and Gumbel-Softmax
# forward + backward (K = 10, 100; float32, float64). Needs the .NET 10 SDK and Debian's python3-torch
# (apt-get install -y python3-torch). Usage: bash tools/bench/side_by_side.sh [repeats] [groups]
# (groups: a comma-separated subset of normal, gamma, gumbel; default all). The uptime load average is printed
# before and after, since other processes on the machine change the numbers; a second table compares CPU time, which
# preemption by other jobs does not inflate (where both sides report it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repeats="${1:-20}"
groups="${2:-normal,gamma,gumbel}"
out="$(mktemp -d)"
echo "load before: $(uptime)"
dotnet build tests/ReparamGen.Benchmarks -c Release > "$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
dotnet run -c Release --no-build --project tests/ReparamGen.Benchmarks -- --versus-torch "$repeats" "$groups" > "$out/csharp.jsonl"
: > "$out/torch.jsonl"
: > "$out/torch_gumbel.jsonl"
if [[ "$groups" == *normal* || "$groups" == *gamma* ]]; then
  /usr/bin/python3 tools/bench/torch_samplers.py --repeats "$repeats" > "$out/torch.jsonl"
fi
if [[ "$groups" == *gumbel* ]]; then
  /usr/bin/python3 tools/bench/torch_gumbel_softmax.py --repeats "$repeats" > "$out/torch_gumbel.jsonl"
fi
echo "load after: $(uptime)"
/usr/bin/python3 - "$out" <<'PY'
import json, sys, pathlib
folder = pathlib.Path(sys.argv[1])
BASES = ["normal_rsample_gradient", "gamma_shape_gradient", "gamma_rsample_gradient", "gumbel_softmax_forward_backward"]
rows = {}
for name in ["csharp.jsonl", "torch.jsonl", "torch_gumbel.jsonl"]:
    for line in (folder / name).read_text().splitlines():
        r = json.loads(line)
        op = r["op"]
        # The C# side times some operations by two routes (e.g. "_span", "_philox"): each against the same PyTorch op.
        base = next((b for b in BASES if op.startswith(b + "_")), None)
        if base and r["impl"] == "reparamgen":
            rows.setdefault((op, r.get("k", 0), r["dtype"]), {})["reparamgen"] = r
            continue
        key = (op, r.get("k", 0), r["dtype"])
        rows.setdefault(key, {})[r["impl"]] = r
print("| operation | K | dtype | ReparamGen ns/elem (median / min) | PyTorch ns/elem (median / min) | speed-up (min) |")
print("|---|---|---|---|---|---|")
for key in list(rows):
    for b in BASES:
        if key[0].startswith(b + "_") and "torch" in rows.get((b, key[1], key[2]), {}):
            rows[key]["torch"] = rows[(b, key[1], key[2])]["torch"]
for key in sorted(rows):
    ours, theirs = rows[key].get("reparamgen"), rows[key].get("torch")
    if not ours or not theirs:
        continue
    speedup = theirs["ns_per_element_min"] / ours["ns_per_element_min"]
    print(f"| {key[0]} | {key[1] or '-'} | {key[2]} | {ours['ns_per_element_median']:.2f} / {ours['ns_per_element_min']:.2f} "
          f"| {theirs['ns_per_element_median']:.2f} / {theirs['ns_per_element_min']:.2f} | {speedup:.2f}x |")
# CPU time (thread CPU clock on the C# side, process CPU clock of the one-thread PyTorch process): unlike the wall clock,
# it does not grow while other jobs hold the cores. Printed where both sides report it.
cpu = [(k, v) for k, v in sorted(rows.items()) if "cpu_ns_per_element_min" in v.get("reparamgen", {}) and "cpu_ns_per_element_min" in v.get("torch", {})]
if cpu:
    print()
    print("| operation | K | dtype | ReparamGen CPU ns/elem (median / min) | PyTorch CPU ns/elem (median / min) | speed-up (CPU, min) |")
    print("|---|---|---|---|---|---|")
    for key, v in cpu:
        ours, theirs = v["reparamgen"], v["torch"]
        print(f"| {key[0]} | {key[1] or '-'} | {key[2]} | {ours['cpu_ns_per_element_median']:.2f} / {ours['cpu_ns_per_element_min']:.2f} "
              f"| {theirs['cpu_ns_per_element_median']:.2f} / {theirs['cpu_ns_per_element_min']:.2f} "
              f"| {theirs['cpu_ns_per_element_min'] / ours['cpu_ns_per_element_min']:.2f}x |")
PY
