#!/usr/bin/env python3
"""Writes a swiftdbt project whose DAG is one long chain plus many independent short models.

The shape critical-path scheduling is about (issue 20, item 6): with more ready models than threads,
a scheduler that starts them in plain topological order can leave the chain waiting behind leaves
and end the run up to a whole chain later than max(critical path, total work / threads).

    bench/gen_chain.py --out DIR [--chain 24] [--leaves 120] [--threads 8] [--chain-first]

Models are Athena tables (`select ... as x`); the `dev` target points at the fake AWS (bench/chain.sh
starts it), the endpoint coming from AWS_ENDPOINT_URL. Chain models are `step_NN`, leaves `leaf_NNN`,
so in unique_id order — which is the topological order's tie-break — every leaf comes before the
chain's next step; `--chain-first` names the chain `a_step_NN` instead, the order in which plain
topological order happens to be right.
"""
import argparse
import os


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--chain", type=int, default=24)
    ap.add_argument("--leaves", type=int, default=120)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--chain-first", action="store_true")
    args = ap.parse_args()

    models = os.path.join(args.out, "models")
    os.makedirs(models, exist_ok=True)
    with open(os.path.join(args.out, "project.yml"), "w") as f:
        f.write("name: chain\nversion: \"1.0.0\"\nprofile: chain\nmodel-paths: [\"models\"]\ntarget-path: target\n"
                "models:\n  chain:\n    +materialized: table\n")
    with open(os.path.join(args.out, "profiles.yml"), "w") as f:
        f.write(f"""chain:
  target: dev
  outputs:
    dev:
      type: athena
      region_name: eu-west-1
      work_group: primary
      s3_staging_dir: s3://bench-results/athena/
      s3_data_dir: s3://bench-lake/dbt/
      database: awsdatacatalog
      schema: bench
      threads: {args.threads}
""")
    step = "a_step" if args.chain_first else "step"
    for k in range(args.chain):
        name = f"{step}_{k:02d}"
        body = "select 0 as x" if k == 0 else f"select x + 1 as x from << ref('{step}_{k - 1:02d}') >>"
        with open(os.path.join(models, name + ".sql"), "w") as f:
            f.write(body + "\n")
    for i in range(args.leaves):
        with open(os.path.join(models, f"leaf_{i:03d}.sql"), "w") as f:
            f.write(f"select {i} as x\n")


if __name__ == "__main__":
    main()
