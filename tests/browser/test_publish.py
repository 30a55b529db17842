#!/usr/bin/env python3
"""Browser tests of the public catalogue (issue 14) in Debian's chromium through chromium-driver and selenium.

Run by tests/browser/run.sh, which builds the site with the debug binary and sets:
  SITE     the published folder          LIBRARY  the library it was published from (a GeoPackage)
  BIN      the stockfirst binary         SHOTS    where the screenshot goes (docs/screenshots)
Nothing is downloaded: the driver is /usr/bin/chromedriver (no Selenium Manager), and chromium resolves no host
but 127.0.0.1. Expected numbers come from the library itself (SQLite over the GeoPackage, and the GeoJSON
download), and the finder's order from the core (`stockfirst publish --rank-use … --json`).
"""
import functools
import http.server
import json
import os
import shutil
import socketserver
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import unittest
import zlib

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never go online.

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

SITE = os.environ["SITE"]
LIBRARY = os.environ["LIBRARY"]
BIN = os.environ["BIN"]
SHOTS = os.environ.get("SHOTS", "docs/screenshots")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


def library_count(county=None):
    """可供 parcels of the library, straight from the GeoPackage's table (a GeoPackage is SQLite)."""
    con = sqlite3.connect(f"file:{LIBRARY}?mode=ro", uri=True)
    try:
        sql = "SELECT count(*) FROM stock_parcels WHERE ZT = '可供'"
        args = ()
        if county:
            sql += " AND XZQDM = ?"
            args = (county,)
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def core_ranking(use, mu, top=10):
    out = subprocess.run(
        [BIN, "publish", "--library", LIBRARY, "--rank-use", use, "--rank-mu", str(mu), "--top", str(top), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return [r["id"] for r in json.loads(out)]


def png_colours(png):
    """Distinct RGB colours of a PNG (8-bit RGB/RGBA, non-interlaced, as Chrome writes them)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, w, h, ctype = 8, b"", 0, 0, 0
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, colours, i = bytearray(stride), set(), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            colours.add(bytes(line[x:x + 3]))
        prev = line
    return colours, w, h


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class PublishedSite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        handler = functools.partial(Quiet, directory=SITE)
        cls.httpd = socketserver.TCPServer(("127.0.0.1", 0), handler)
        cls.port = cls.httpd.server_address[1]
        threading.Thread(target=cls.httpd.serve_forever, daemon=True).start()
        cls.profile = tempfile.mkdtemp(prefix="sf-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                  f"--user-data-dir={cls.profile}", "--window-size=1280,900",
                  # No network: every host name fails except the local server.
                  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                  "--allow-file-access-from-files"]:
            opts.add_argument(a)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        cls.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
        cls.driver.set_page_load_timeout(60)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.httpd.shutdown()
        cls.httpd.server_close()
        shutil.rmtree(cls.profile, ignore_errors=True)

    def open(self, how="http"):
        url = (f"http://127.0.0.1:{self.port}/index.html" if how == "http"
               else "file://" + os.path.abspath(os.path.join(SITE, "index.html")))
        self.driver.set_window_size(1280, 900)
        self.driver.get(url)
        WebDriverWait(self.driver, 30).until(lambda d: d.execute_script("return !!window.STOCKFIRST_PAGE"))
        return url

    def count(self):
        return int(self.driver.find_element(By.ID, "count").text)

    def test_loads_with_no_network_from_file_and_server(self):
        expected = library_count()
        self.assertEqual(expected, 2419)  # the sample: ogrinfo -sql "select count(*) … where ZT='可供'"
        for how in ("file", "http"):
            with self.subTest(how=how):
                base = self.open(how).rsplit("/", 1)[0]
                self.assertEqual(self.count(), expected)
                self.assertTrue(self.driver.execute_script("return !!window.L && !!document.querySelector('#map svg path')"))
                urls = self.driver.execute_script(
                    "return performance.getEntriesByType('resource').map(function(e){return e.name})")
                for u in urls:
                    self.assertTrue(u.startswith(base), f"{u} is not part of the site {base}")
                severe = [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]
                self.assertEqual(severe, [], severe)

    def test_county_filter_shows_the_library_count(self):
        self.open()
        with open(os.path.join(SITE, "downloads", "stock-land.geojson"), encoding="utf-8") as f:
            features = json.load(f)["features"]
        for county, name in [("410821", "修武县"), ("410882", "沁阳市"), ("gaoxin", "高新区")]:
            with self.subTest(county=county):
                Select(self.driver.find_element(By.ID, "f-county")).select_by_value(county)
                expected = library_count(county)
                in_download = sum(1 for f in features if f["properties"]["县区"] == name)
                self.assertGreater(expected, 0)
                self.assertEqual(in_download, expected)
                self.assertEqual(self.count(), expected)
                rows = self.driver.find_elements(By.CSS_SELECTOR, "#list tbody tr")
                self.assertEqual(len(rows), expected)
        Select(self.driver.find_element(By.ID, "f-county")).select_by_value("")
        self.assertEqual(self.count(), library_count())

    def test_size_search_lists_what_the_core_ranks_first(self):
        self.open()
        for use, mu in [("1001", 50), ("0901", 12.5), ("0701", 80)]:
            with self.subTest(use=use, mu=mu):
                Select(self.driver.find_element(By.ID, "find-use")).select_by_value(use)
                box = self.driver.find_element(By.ID, "find-mu")
                box.clear()
                box.send_keys(str(mu))
                self.driver.find_element(By.ID, "find-go").click()
                items = self.driver.find_elements(By.CSS_SELECTOR, "#find-results li")
                page = [li.get_attribute("data-id") for li in items][:10]
                core = core_ranking(use, mu)
                self.assertEqual(len(core), 10)
                self.assertEqual(page, core)

    def test_a_parcel_click_opens_its_card(self):
        self.open()
        d = self.driver
        # The marker drawn on top at its own centre is the one a visitor's click reaches.
        target = d.execute_script("""
            var ps = document.querySelectorAll('#map path.parcel-pt');
            for (var i = 0; i < ps.length; i++) {
              var r = ps[i].getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
              var top = document.elementFromPoint(x, y);
              if (top === ps[i] && r.width > 2) {
                var n = (ps[i].getAttribute('class').match(/pid-(\\d+)/) || [])[1];
                return {i: +n, id: window.STOCKFIRST.parcels[+n].id};
              }
            }
            return null;""")
        self.assertIsNotNone(target)
        d.find_element(By.CSS_SELECTOR, f"#map path.pid-{target['i']}").click()
        card = d.find_element(By.ID, "card")
        WebDriverWait(d, 10).until(lambda _: card.is_displayed())
        self.assertEqual(d.find_element(By.ID, "card-id").text, target["id"])
        self.assertIn("0391", card.text)  # the contact phone of the config's office is printed
        # The card links to the list, and the list row is there.
        d.find_element(By.ID, "card-to-list").click()
        row = d.find_element(By.ID, "row-" + target["id"])
        self.assertIn("selected", row.get_attribute("class"))
        # A list row opens the card too.
        other = d.find_elements(By.CSS_SELECTOR, "#list tbody tr")[3]
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", other)
        other.click()
        self.assertEqual(d.find_element(By.ID, "card-id").text, other.get_attribute("data-id"))

    def test_sorting_and_english(self):
        self.open()
        d = self.driver
        d.find_element(By.CSS_SELECTOR, "#list th[data-key=mu]").click()
        d.find_element(By.CSS_SELECTOR, "#list th[data-key=mu]").click()  # descending
        first = d.find_element(By.CSS_SELECTOR, "#list tbody tr td.num").text
        biggest = max(p["mu"] for p in d.execute_script("return window.STOCKFIRST.parcels"))
        self.assertEqual(first, f"{biggest:.2f}")
        d.find_element(By.ID, "lang").click()
        self.assertEqual(d.find_element(By.ID, "h-filters").text, "Filters")
        d.find_element(By.ID, "lang").click()
        self.assertEqual(d.find_element(By.ID, "h-filters").text, "筛选")

    def test_phone_width(self):
        self.open()
        d = self.driver
        d.set_window_size(390, 844)
        time.sleep(0.5)
        over = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        self.assertLessEqual(over, 1)
        m = d.find_element(By.ID, "map")
        self.assertGreater(m.size["height"], 200)
        self.assertLessEqual(m.size["width"], 390)

    def test_screenshot_shows_the_map(self):
        self.open()
        d = self.driver
        d.set_window_size(1280, 1000)
        Select(d.find_element(By.ID, "find-use")).select_by_value("1001")
        d.find_element(By.ID, "find-mu").send_keys("50")
        d.find_element(By.ID, "find-go").click()
        d.find_element(By.CSS_SELECTOR, "#find-results li").click()
        time.sleep(0.8)
        os.makedirs(SHOTS, exist_ok=True)
        path = os.path.join(SHOTS, "publish.png")
        self.assertTrue(d.save_screenshot(path))
        self.assertGreater(os.path.getsize(path), 20_000)
        colours, w, h = png_colours(d.find_element(By.ID, "map").screenshot_as_png)
        self.assertGreater(w * h, 100_000)
        # Background, parcel fills and outlines of several kinds, county lines, controls: many colours, not a blank.
        self.assertGreater(len(colours), 20, len(colours))


if __name__ == "__main__":
    unittest.main(verbosity=2)
