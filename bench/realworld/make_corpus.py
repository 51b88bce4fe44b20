#!/usr/bin/env python3
"""Writes the fixed corpus of the real-world harnesses: bench/realworld/corpus/<harness>/.

Deterministic (no clock, no randomness but a seeded generator; zlib's output for a given input
and level is stable), so running it again rewrites the same bytes; the files are committed and
this script says how they were made. Each harness gets 10-20 small valid inputs of different
shapes (and one or two invalid ones, for the error paths).

The Lua chunks of lua_load/ are written by hand: those files are their own source, and this
script leaves that directory alone.

Usage: bench/realworld/make_corpus.py [OUT_DIR]   (default: bench/realworld/corpus)
"""
import gzip
import io
import os
import random
import shutil
import struct
import sys
import zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
RNG = random.Random(20240601)

PROSE = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was "
    "the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it "
    "was the season of Light, it was the season of Darkness, it was the spring of hope, it was "
    "the winter of despair.\n"
)


def write(harness, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = os.path.join(OUT, harness, name)
    with open(path, "wb") as f:
        f.write(data)


# ---- XML (expat_xml) -------------------------------------------------------------------------
def xml_corpus():
    h = "expat_xml"
    write(h, "simple.xml", '<?xml version="1.0"?>\n<greeting lang="en">Hello, world!</greeting>\n')
    write(h, "attributes_entities.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<order id="42" status=\'open\' note="fish &amp; chips &lt;hot&gt; &#x263A; &#169;">\n'
          '  <item sku="A-1" qty="2" price="3.50"/>\n'
          '  <item sku="B-7" qty="1" price="12.00">gift &quot;wrap&quot;</item>\n'
          '</order>\n')
    write(h, "namespaces.xml",
          '<?xml version="1.0"?>\n'
          '<root xmlns="urn:example:default" xmlns:x="urn:example:x" xmlns:y="urn:example:y">\n'
          '  <x:a x:attr="1" y:attr="2"><b xmlns="">unqualified</b></x:a>\n'
          '  <y:c><x:d xmlns:x="urn:example:x2">rebound prefix</x:d></y:c>\n'
          '</root>\n')
    write(h, "dtd_internal_subset.xml",
          '<?xml version="1.0" standalone="no"?>\n'
          '<!DOCTYPE book [\n'
          '  <!ELEMENT book (title, chapter+)>\n'
          '  <!ELEMENT title (#PCDATA)>\n'
          '  <!ELEMENT chapter (#PCDATA|em)*>\n'
          '  <!ELEMENT em (#PCDATA)>\n'
          '  <!ATTLIST chapter n CDATA #REQUIRED kind (intro|body|end) "body">\n'
          '  <!ENTITY author "Ada Lovelace">\n'
          '  <!ENTITY % extra "<!ENTITY year \'1843\'>">\n'
          '  %extra;\n'
          '  <!NOTATION png SYSTEM "image/png">\n'
          ']>\n'
          '<book><title>Notes by &author; (&year;)</title>\n'
          '<chapter n="1" kind="intro">The <em>Analytical</em> Engine</chapter>\n'
          '<chapter n="2">&author; wrote &#x201C;note G&#x201D;.</chapter></book>\n')
    write(h, "cdata_comments_pi.xml",
          '<?xml version="1.0"?>\n<?xml-stylesheet type="text/xsl" href="s.xsl"?>\n'
          '<!-- a comment -->\n<doc>\n<![CDATA[ <not> &markup; ]]>\n<?app run="1"?>\n'
          '<!-- another --><p>text<br/>more</p>\n</doc>\n')
    write(h, "utf16_bom.xml", '<?xml version="1.0" encoding="UTF-16"?>\n'
          '<text lang="el">Καλημέρα κόσμε — ünïcödé</text>\n'.encode("utf-16"))
    write(h, "latin1.xml", '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
          '<name>Frédéric Chopin, Żelazowa Wola</name>\n'.replace("Ż", "Z").encode("latin-1"))
    write(h, "whitespace_mixed.xml",
          '<?xml version="1.0"?>\n<a>\n\t<b>  spaced   text  </b>\r\n<c\n  k = "v"\n  />\n'
          '<d>&#9;&#10;&#13;</d></a>\n')
    rows = "".join(
        f'  <item id="{i}" price="{RNG.randint(1, 999)}.{RNG.randint(0, 99):02d}">'
        f'<name>Item {i} &amp; co</name><tags><t>a{i % 7}</t><t>b{i % 5}</t></tags></item>\n'
        for i in range(40))
    write(h, "catalog.xml", f'<?xml version="1.0"?>\n<catalog xmlns:p="urn:p">\n{rows}</catalog>\n')
    svg = ['<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           'xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">']
    for i in range(15):
        svg.append(f'<circle cx="{i * 6}" cy="{50 + i}" r="{i + 1}" fill="#{i * 16:02x}8040"/>')
    svg.append('<use xlink:href="#c"/><text x="5" y="95">SVG &#x2713;</text></svg>\n')
    write(h, "drawing.svg", "\n".join(svg))
    write(h, "deep_nesting.xml", "<r>" + "<n>" * 60 + "leaf" + "</n>" * 60 + "</r>")
    write(h, "malformed.xml", '<?xml version="1.0"?>\n<a><b attr="1">text</a></b>\n')


# ---- zlib streams (zlib_inflate) -------------------------------------------------------------
def zlib_corpus():
    h = "zlib_inflate"
    text_small = PROSE.encode()
    text_large = (PROSE * 30).encode()  # ~9 KiB, very repetitive
    numbers = "".join(f"{i},{i * i},{i * 37 % 101}\n" for i in range(600)).encode()
    noise = bytes(RNG.getrandbits(8) for _ in range(1500))
    mixed = bytes(RNG.choice(b"ACGT") for _ in range(3000))
    write(h, "zlib_level0_stored.z", zlib.compress(text_small, 0))
    write(h, "zlib_level1_small.z", zlib.compress(text_small, 1))
    write(h, "zlib_level6_text.z", zlib.compress(text_large, 6))
    write(h, "zlib_level9_numbers.z", zlib.compress(numbers, 9))
    write(h, "zlib_level6_noise.z", zlib.compress(noise, 6))
    write(h, "zlib_dna_level9.z", zlib.compress(mixed, 9))
    for name, strategy in (("huffman_only", zlib.Z_HUFFMAN_ONLY), ("rle", zlib.Z_RLE),
                           ("fixed", zlib.Z_FIXED), ("filtered", zlib.Z_FILTERED)):
        c = zlib.compressobj(6, zlib.DEFLATED, 15, 8, strategy)
        write(h, f"zlib_{name}.z", c.compress(numbers[:4000]) + c.flush())
    c = zlib.compressobj(9, zlib.DEFLATED, 9)  # a 512-byte window
    write(h, "zlib_window512.z", c.compress(text_large) + c.flush())
    c = zlib.compressobj(6, zlib.DEFLATED, 15)
    flushed = b""
    for i in range(0, 2400, 600):
        flushed += c.compress(numbers[i:i + 600]) + c.flush(zlib.Z_FULL_FLUSH)
    write(h, "zlib_full_flush_blocks.z", flushed + c.flush())
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    write(h, "raw_deflate.bin", c.compress(text_large) + c.flush())
    buf = io.BytesIO()
    with gzip.GzipFile(filename="prose.txt", mode="wb", fileobj=buf, mtime=0) as g:
        g.write(text_large)
    write(h, "gzip_with_name.gz", buf.getvalue())
    write(h, "gzip_plain.gz", gzip.compress(numbers, 9, mtime=0))
    c = zlib.compressobj(6, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, zdict=b"the worst of")
    write(h, "zlib_needs_dictionary.z", c.compress(text_small) + c.flush())
    good = zlib.compress(text_small * 3, 6)
    write(h, "zlib_corrupt_checksum.z", good[:-1] + bytes([good[-1] ^ 0xFF]))
    write(h, "zlib_truncated.z", zlib.compress(numbers, 6)[:300])


# ---- PNG (libpng_read) -----------------------------------------------------------------------
def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_filter_row(kind, row, prev, bpp):
    out = bytearray(row)
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i] if prev else 0
        c = prev[i - bpp] if prev and i >= bpp else 0
        if kind == 1:
            out[i] = (row[i] - a) & 0xFF
        elif kind == 2:
            out[i] = (row[i] - b) & 0xFF
        elif kind == 3:
            out[i] = (row[i] - (a + b) // 2) & 0xFF
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            out[i] = (row[i] - pred) & 0xFF
    return bytes([kind]) + bytes(out)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
         (0, 1, 1, 2))


def png_image(width, height, color_type, depth, pixel, interlace=False, extra_before=(),
              extra_after=(), palette=None, trns=None, after_palette=(), level=6):
    """A PNG whose pixel (x, y) is the tuple of samples pixel(x, y) (a palette index for
    color type 3); rows use filters 0..4 in turn."""
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    bits_per_pixel = channels * depth
    bpp = max(1, bits_per_pixel // 8)

    def pack_row(xs, y):
        if depth >= 8:
            out = bytearray()
            for x in xs:
                for s in pixel(x, y):
                    out += s.to_bytes(depth // 8, "big")
            return bytes(out)
        bits, n, out = 0, 0, bytearray()
        for x in xs:
            bits = (bits << depth) | pixel(x, y)[0]
            n += depth
            if n == 8:
                out.append(bits)
                bits, n = 0, 0
        if n:
            out.append(bits << (8 - n))
        return bytes(out)

    raw = bytearray()
    passes = ADAM7 if interlace else ((0, 0, 1, 1),)
    for x0, y0, dx, dy in passes:
        xs = list(range(x0, width, dx))
        if not xs:
            continue
        prev = None
        for n, y in enumerate(range(y0, height, dy)):
            row = pack_row(xs, y)
            raw += png_filter_row(n % 5, row, prev, bpp)
            prev = row
    ihdr = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 1 if interlace else 0)
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    for kind, data in extra_before:
        out += png_chunk(kind, data)
    if palette is not None:
        out += png_chunk(b"PLTE", b"".join(bytes(c) for c in palette))
    if trns is not None:
        out += png_chunk(b"tRNS", trns)
    for kind, data in after_palette:
        out += png_chunk(kind, data)
    compressed = zlib.compress(bytes(raw), level)
    for i in range(0, len(compressed), 1024):  # several IDAT chunks when it is long
        out += png_chunk(b"IDAT", compressed[i:i + 1024])
    for kind, data in extra_after:
        out += png_chunk(kind, data)
    return out + png_chunk(b"IEND", b"")


def png_corpus():
    h = "libpng_read"
    gradient = lambda x, y: ((x * 16 + y * 4) & 0xFF,)
    write(h, "gray1_checker.png", png_image(33, 17, 0, 1, lambda x, y: ((x // 4 + y // 4) & 1,)))
    write(h, "gray4.png", png_image(20, 12, 0, 4, lambda x, y: ((x + y) & 15,)))
    write(h, "gray8_gamma.png", png_image(32, 32, 0, 8, gradient,
                                          extra_before=((b"gAMA", struct.pack(">I", 45455)),)))
    write(h, "gray16.png", png_image(16, 16, 0, 16, lambda x, y: ((x * 4096 + y * 17) & 0xFFFF,)))
    write(h, "gray8_alpha.png", png_image(24, 24, 4, 8, lambda x, y: (x * 10 & 0xFF, y * 10 & 0xFF)))
    write(h, "rgb8_text.png", png_image(
        32, 24, 2, 8, lambda x, y: (x * 8 & 0xFF, y * 10 & 0xFF, (x ^ y) * 4 & 0xFF),
        extra_before=((b"sRGB", b"\x00"), (b"pHYs", struct.pack(">IIB", 2835, 2835, 1))),
        extra_after=((b"tEXt", b"Comment\x00made by make_corpus.py"),
                     (b"tIME", struct.pack(">HBBBBB", 2024, 6, 1, 12, 0, 0)))))
    write(h, "rgb16.png", png_image(12, 10, 2, 16, lambda x, y: (x * 5000, y * 6000, 65535 - x * y)))
    write(h, "rgba8.png", png_image(
        30, 20, 6, 8, lambda x, y: (x * 8 & 0xFF, 128, y * 12 & 0xFF, (x + y) * 6 & 0xFF),
        extra_before=((b"cHRM", struct.pack(">8I", 31270, 32900, 64000, 33000, 30000, 60000,
                                            15000, 6000)),)))
    write(h, "rgba16.png", png_image(8, 8, 6, 16, lambda x, y: (x * 8000, y * 8000, 30000, 65535)))
    palette = [(i * 17 & 0xFF, 255 - i * 17 & 0xFF, i * 40 & 0xFF) for i in range(16)]
    write(h, "palette4_trns.png", png_image(
        40, 20, 3, 4, lambda x, y: ((x // 3 + y) % 16,), palette=palette,
        trns=bytes(range(0, 256, 32)), after_palette=((b"bKGD", b"\x02"),)))
    write(h, "palette8.png", png_image(16, 16, 3, 8, lambda x, y: ((x * 16 + y) % 16,),
                                       palette=palette))
    write(h, "palette2.png", png_image(19, 7, 3, 2, lambda x, y: ((x + y) % 4,), palette=palette[:4]))
    write(h, "rgb8_interlaced.png", png_image(
        27, 19, 2, 8, lambda x, y: (x * 9 & 0xFF, y * 13 & 0xFF, 77), interlace=True))
    write(h, "gray2_interlaced.png", png_image(13, 11, 0, 2, lambda x, y: ((x * y) % 4,),
                                               interlace=True))
    write(h, "rgba8_interlaced_ztxt.png", png_image(
        9, 9, 6, 8, lambda x, y: (x * 28, y * 28, 200, 255 - x * 20), interlace=True,
        extra_after=((b"zTXt", b"Description\x00\x00" + zlib.compress(PROSE.encode())),
                     (b"iTXt", b"Title\x00\x00\x00en\x00Titel\x00" + "Über".encode()))))
    write(h, "rgb8_trns_key.png", png_image(10, 10, 2, 8, lambda x, y: (x * 25, 0, y * 25),
                                            trns=struct.pack(">HHH", 0, 0, 0)))
    write(h, "gray8_large_idat.png", png_image(
        64, 64, 0, 8, lambda x, y: (RNG.getrandbits(8) if (x * y) % 3 else x,), level=1))
    bad = bytearray(png_image(16, 16, 2, 8, lambda x, y: (x, y, 0)))
    bad[60] ^= 0x55  # inside the compressed image data (its CRC is ignored by the harness)
    write(h, "rgb8_corrupt_idat.png", bytes(bad))


# ---- regular expressions (re2_match): flags byte, pattern, newline, text -----------------------
def re2_corpus():
    h = "re2_match"
    cases = [
        ("email", 0x00, r"([a-z0-9._%+-]+)@([a-z0-9.-]+)\.([a-z]{2,})",
         "contact: jane.doe+news@example.co.uk, bob@test.org; not@valid"),
        ("alternation_captures", 0x00, r"(cat|dog|bird)s? (\d+) (?:times|x)",
         "the dogs 12 times, a cat 3 x, birds 100 times"),
        ("unicode_classes", 0x00, r"\p{Greek}+\s+\p{Lu}\p{Ll}*", "λόγος Alpha ωμέγα Zeta"),
        ("case_insensitive", 0x01, r"hello\s+WORLD", "Say HeLLo   world twice: hello World"),
        ("posix_classes", 0x04 | 0x40, r"[[:alpha:]]+[[:digit:]]{2,4}\w*", "abc12 xyz9999q no1"),
        ("repetition_ranges", 0x00, r"(a{2,5}b){1,3}c?", "aab aaaaabaab aaabaaabaaabc"),
        ("lazy_quantifiers", 0x00, r"<(\w+?)>(.*?)</\w+>", "<b>bold</b> and <i>it</i>"),
        ("multiline_anchors", 0x00, r"(?m)^(\w+):\s*(.*)$",
         "Host: example.org\nAccept: */*\nX-Empty:\n"),
        ("word_boundary", 0x80, r"\bfoo\b|\Bbar", "foo food foobar barfoo foo."),
        ("latin1", 0x02, "caf\xe9|na\xefve", "un caf\xe9 na\xefve"),
        ("longest_match", 0x08, r"(a|ab)(c|bcd)(d*)", "abcd abcdd"),
        ("dot_nl_never_nl", 0x20, r"start.*end", "start\nmiddle\nend start end"),
        ("ip_address", 0x00,
         r"((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)",
         "hosts 10.0.0.1, 192.168.100.254 and 300.1.1.1"),
        ("long_text_dfa", 0x00, r"(spring|winter) of (\w+)\.\s*$", PROSE * 8),
        ("char_class_set", 0x00, r"[^\x00-\x1f\s,;]+[,;]", "a,b;c, d ;e;;f,g"),
        ("named_groups", 0x00, r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)",
         "released 2023-06-01, patched 2024-01-15"),
        ("bad_pattern", 0x00, r"(unclosed[group", "anything"),
    ]
    for name, flags, pattern, text in cases:
        latin1 = flags & 0x02
        enc = (lambda s: s.encode("latin-1")) if latin1 else (lambda s: s.encode("utf-8"))
        write(h, name + ".re", bytes([flags]) + enc(pattern) + b"\n" + enc(text))


# ---- JSON (cjson_parse) ----------------------------------------------------------------------
def json_corpus():
    h = "cjson_parse"
    write(h, "object.json", '{"name": "hivefuzz", "version": 1, "tags": ["fuzz", "threads"]}')
    write(h, "numbers.json", "[0, -0, 1, -1, 42, 3.14159, -2.5e-3, 6.02e23, 1E+2, 1e-7, "
          "9007199254740993, 123456789012345678901234567890, 0.1, 1.0e308]")
    write(h, "strings_escapes.json", r'["plain", "quote \" and \\ backslash", "\/slash",'
          r' "\b\f\n\r\t", "\u00e9\u00E8", "\ud83d\ude00 surrogate pair", "", "日本語"]')
    write(h, "literals_empty.json", '{"t": true, "f": false, "n": null, "o": {}, "a": [], '
          '"nested": [[], [{}], [[[]]]]}')
    write(h, "whitespace.json", ' \n\t{ \r\n "a" :\t[ 1 ,\n 2 ] ,  "b"  :  { "c" : null } } \n ')
    write(h, "deep.json", "[" * 40 + "1" + "]" * 40)
    items = ",\n".join(
        f'  {{"id": {i}, "score": {RNG.randint(0, 10000) / 100}, "name": "user{i}", '
        f'"active": {"true" if i % 3 else "false"}, "roles": ["r{i % 4}", "r{i % 7}"], '
        f'"address": {{"city": "City {i % 9}", "zip": "{10000 + i * 7}"}}}}'
        for i in range(25))
    write(h, "records.json", "[\n" + items + "\n]\n")
    write(h, "comments_for_minify.json", '/* header */ {"a": 1, // line comment\n'
          ' "b": [1, 2 /* inline */, 3]}\n')
    write(h, "top_level_scalar.json", '"just a string"')
    write(h, "duplicate_keys.json", '{"k": 1, "k": 2, "K": 3}')
    write(h, "geojson.json", '{"type": "FeatureCollection", "features": [{"type": "Feature", '
          '"geometry": {"type": "Polygon", "coordinates": [[[102.0, 0.0], [103.0, 1.0], '
          '[104.0, 0.0], [102.0, 0.0]]]}, "properties": {"prop0": "value0", '
          '"prop1": {"this": "that"}}}]}')
    write(h, "invalid_trailing_comma.json", '{"a": [1, 2, 3,], }')
    write(h, "invalid_unterminated.json", '{"a": "unterminated')


def main():
    makers = {"expat_xml": xml_corpus, "zlib_inflate": zlib_corpus, "libpng_read": png_corpus,
              "re2_match": re2_corpus, "cjson_parse": json_corpus}
    for harness, make in makers.items():
        directory = os.path.join(OUT, harness)
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        make()
    total = 0
    for harness in makers:
        files = os.listdir(os.path.join(OUT, harness))
        size = sum(os.path.getsize(os.path.join(OUT, harness, f)) for f in files)
        total += size
        print(f"{harness}: {len(files)} files, {size} bytes")
    print(f"total: {total} bytes")


if __name__ == "__main__":
    main()
