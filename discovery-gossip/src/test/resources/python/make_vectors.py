"""Writes the canonical-JSON vectors the Java tests compare against, with CPython's own json.

Run: python3 make_vectors.py  (stdlib only). subnet-template's CanonicalJSONSerializer is
json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False) over
json.loads(bytes.decode("utf-8")).
"""
import base64
import json
import random
import struct

def canonical(value):
    return json.dumps(value, allow_nan=False, ensure_ascii=True, separators=(",", ":"), sort_keys=True)

rng = random.Random(20261122)
floats = []
for _ in range(2000):
    bits = rng.getrandbits(64)
    f = struct.unpack("<d", struct.pack("<Q", bits))[0]
    if f == f and f not in (float("inf"), float("-inf")):
        floats.append(f)
for e in range(-330, 310):
    for m in (1, 1.5, 2, 4.9, 5, 9.999, 123456789):
        try:
            floats.append(float(f"{m}e{e}"))
        except OverflowError:
            pass
floats += [0.0, -0.0, 5e-324, 1e-323, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1 + 0.2,
           1e15, 1e16, 9999999999999998.0, 1234567890123456.7, 0.0001, 0.00001, 123.0, 100.0, 1e22,
           2.0 ** 53, 2.0 ** 53 + 2, 1 / 3, 2 / 3, 4.35, 0.3, 1e-7, 12345.678]
for i in range(-200, 200):
    floats.append(i / 8)
    floats.append(float(rng.randint(-10**18, 10**18)))
with open("floats.txt", "w") as out:
    for f in floats:
        if f in (float("inf"), float("-inf")):
            continue
        out.write(struct.pack(">d", f).hex() + " " + canonical(f) + "\n")

docs = [
    '{"b":1,"a":[true,false,null],"c":{"z":"/slash\\/","y":-0,"x":1.0,"w":1e2}}',
    '{"\\ud83d\\ude00":1,"\\uffff":2,"\\ue000":3,"a":4,"\\u00e9":5,"A":6,"":7}',
    '"\\u0000\\u001f\\u007f\\b\\f\\n\\r\\t\\"\\\\ tab\\u2028 \\ud800 lone"',
    '[123456789012345678901234567890,-99999999999999999999,0,-0]',
    '[1,1E400]',
    '{"k":"\\u00e9\\u4e2d\\ud83d\\ude00 caf\\u00e9","n":[1.5e-5,0.0001,1e16,5e-324,2.5E+3]}',
    '{"nested":{"deeper":{"deepest":[[],{},[{}]]}}}',
]
with open("canonical.txt", "w") as out:
    for text in docs:
        try:
            result = canonical(json.loads(text.encode("utf-8").decode("utf-8")))
        except (ValueError, OverflowError) as e:
            result = "ERROR"
        out.write(base64.b64encode(text.encode("utf-8")).decode() + " " + result + "\n")
    # raw UTF-8 input (not escaped) must canonicalize the same way
    raw = '{"é":"中😀","ß":["€"]}'
    out.write(base64.b64encode(raw.encode("utf-8")).decode() + " " + canonical(json.loads(raw)) + "\n")
