"""The peer of the shared-library load benchmark: geopandas `read_postgis` (SQLAlchemy + psycopg2) of the same table
and columns stockfirst reads, plus its STRtree; median of 5 after a warm-up. Usage: geopandas_postgis.py URL"""

import sys
import time

import geopandas as gpd
from sqlalchemy import create_engine

url = sys.argv[1].replace("postgresql://", "postgresql+psycopg2://", 1)
engine = create_engine(url)
sql = (
    "SELECT id, name, county, kind, land_use_system, land_use_code, status, stated_area_m2, approval_no, "
    "approval_year, idle_since, remarks, geom, version, change_seq FROM stockfirst.parcels ORDER BY id"
)
gpd.read_postgis(sql, engine, geom_col="geom")
times = []
for _ in range(5):
    t = time.perf_counter()
    df = gpd.read_postgis(sql, engine, geom_col="geom")
    df.sindex.query(df.geometry.iloc[0])
    times.append(time.perf_counter() - t)
    n = len(df)
    del df
times.sort()
print(f"geopandas read_postgis + sindex, {n} rows: median {times[2]:.3f} s (min {times[0]:.3f}, max {times[4]:.3f})")
