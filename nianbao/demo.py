"""`nianbao demo`: the whole pipeline on one machine, no internet needed.

Starts the bundled portal simulator on loopback, crawls it, extracts what was found, and
serves the archive with Datasette, so a newcomer sees the result of every stage in one command.
"""
from __future__ import annotations

import time
from pathlib import Path


def demo(data_dir: str | Path = "data/demo", port: int = 8001, serve: bool = True,
         host: str = "127.0.0.1", seed: int = 0, portals=None) -> int:
    """Crawl the simulator into data_dir/nianbao.db, then serve it (unless serve=False).

    `portals` is passed to the Simulator (None: its default set, every family and quirk).
    """
    from crawler.run import run_crawl
    from extract.run import extract_pending
    from nianbao.world.simulator import CRAWL_ARGS, Simulator

    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    db_path = data / "nianbao.db"
    t0 = time.time()
    print(f"nianbao demo: starting the portal simulator (seed {seed})…", flush=True)
    with Simulator(portals=portals, seed=seed) as sim:
        print(f"nianbao demo: crawling {len(sim.portals)} simulated portals into {data}/ …", flush=True)
        code = run_crawl(portals=str(sim.registry_path), only=[], db_path=str(db_path), data_dir=str(data),
                         scrapy_args=CRAWL_ARGS + ["-s", "RETRY_TIMES=3"])  # loopback: no politeness delay
    if db_path.exists():
        extract_pending(db_path, data_dir=data)
    print(f"nianbao demo: crawl and extraction finished in {time.time() - t0:.0f} s"
          + ("" if code == 0 else f" (exit code {code}: some portals failed, as some simulated ones do)"),
          flush=True)
    if not db_path.exists():
        print(f"nianbao demo: no archive was written to {db_path}; see {data}/logs/")
        return code or 1
    from nianbao.publication.publish import publish

    publish(db_path)
    print("nianbao demo: published (views, search, numbers and audit tables)", flush=True)
    if not serve:
        return code
    from nianbao.publication.serve import serve as run

    print(f"nianbao demo: the archive is served at http://{host}:{port}/ — open it in a browser "
          f"(Ctrl-C to stop)", flush=True)
    run(db_path, port=port, host=host, data_dir=data)
    return 0
