"""`python -m nianbao.world.simulator --port 8080`: serve the simulated portals for a person to browse."""
from __future__ import annotations

import argparse
import time

from nianbao.world.simulator import Simulator


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description="Serve simulated government portals on loopback addresses.")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--portals", type=int, default=None, help="that many healthy portals instead of the default set")
    args = ap.parse_args(argv)
    with Simulator(portals=args.portals, seed=args.seed, port=args.port) as sim:
        for entry in sim.registry():
            print(f"{entry['id']:<22} {entry['platform']:<10} {entry['url']}  {entry['agency']}")
        print(f"\nregistry: {sim.registry_path}\n{len(sim.expected)} reports served; Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
