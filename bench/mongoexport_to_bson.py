"""Turn a mongoexport (Extended JSON, one document per line) into what mongodump writes for
the same collection: BSON documents back to back, dates as BSON datetimes, {"$oid"} as
ObjectIds. Standard library only; for timing `rccost usage` on BSON against the same data
as JSON (bench/usage.sh).

usage: mongoexport_to_bson.py IN.json OUT.bson
"""
import datetime as dt
import json
import struct
import sys


def millis(value):
    if isinstance(value, dict):
        return int(value["$numberLong"])
    if isinstance(value, int):
        return value
    text = value.replace("Z", "+00:00")
    return int(dt.datetime.fromisoformat(text).timestamp() * 1000)


def element(key, value):
    name = key.encode() + b"\x00"
    if isinstance(value, dict) and "$date" in value:
        return b"\x09" + name + struct.pack("<q", millis(value["$date"]))
    if isinstance(value, dict) and "$oid" in value:
        return b"\x07" + name + bytes.fromhex(value["$oid"])
    if isinstance(value, dict) and "$numberLong" in value:
        return b"\x12" + name + struct.pack("<q", int(value["$numberLong"]))
    if isinstance(value, dict):
        return b"\x03" + name + document(value)
    if isinstance(value, list):
        return b"\x04" + name + document({str(i): v for i, v in enumerate(value)})
    if isinstance(value, bool):
        return b"\x08" + name + (b"\x01" if value else b"\x00")
    if value is None:
        return b"\x0a" + name
    if isinstance(value, int):
        if -2**31 <= value < 2**31:
            return b"\x10" + name + struct.pack("<i", value)
        return b"\x12" + name + struct.pack("<q", value)
    if isinstance(value, float):
        return b"\x01" + name + struct.pack("<d", value)
    text = value.encode()
    return b"\x02" + name + struct.pack("<i", len(text) + 1) + text + b"\x00"


def document(doc):
    body = b"".join(element(k, v) for k, v in doc.items()) + b"\x00"
    return struct.pack("<i", len(body) + 4) + body


with open(sys.argv[1]) as src, open(sys.argv[2], "wb") as out:
    for line in src:
        if line.strip():
            out.write(document(json.loads(line)))
