#!/usr/bin/env python3
"""Writes the reconciliation fixtures for the sample drop (cust-01/drop-20261101-01, order ORD-20261101-01).

work/      the drop's work folder as reconcile reads it: orders/<order>.xml and jobs/jobs.json
<set>/ORD-20261101-01/   the inputs of one fixture set: production.csv, shipping.csv, receipts.csv,
                         stock.csv, destruction.csv (clean also boxes.csv: each delivery's bag, seal and serials)
clean reconciles once its destruction DES-2026-0007 is signed in the ledger (cardprep stock destroy; the tests and
Pipelines/demo.sh sign it with the demo staff: executor bob, witnesses erin, alice and dave); every other set differs
from it by one defect and must produce exactly one finding.
Re-run after changing the sample order: python3 Fixtures/reconcile/make-fixtures.py
"""
import copy, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DROP = "204e54c8aed0f2ee4b3c77a5eac9a37d5d80d4b46bdd6e7f29750dd57996b5cb"
ORDER = "ORD-20261101-01"
P = DROP[:12]

jobs = {
    "format": "cardprep-jobs/1", "dropID": DROP, "customer": "cust-01", "orderID": ORDER, "contract": "CT-2026-0001",
    "created": "2026-11-02T08:00:00.000Z",
    "jobs": [
        {"id": f"{P}-J01", "machine": "emb-01", "station": "embosser", "product": "C01-DEBIT", "layout": "emboss-v1",
         "file": f"{P}-J01.job.age", "sha256": "0" * 64, "cards": 12, "batches": [
            {"id": f"{P}-J01-B001", "branch": "HQ", "orderLines": [1], "firstSequence": 1, "cards": 6},
            {"id": f"{P}-J01-B002", "branch": "BR01", "orderLines": [2], "firstSequence": 7, "cards": 6}]},
        {"id": f"{P}-J02", "machine": "enc-01", "station": "chip-encoder", "product": "C01-ACCESS", "layout": "chip-v1",
         "file": f"{P}-J02.job.age", "sha256": "0" * 64, "cards": 12, "batches": [
            {"id": f"{P}-J02-B001", "branch": "HQ", "orderLines": [3], "firstSequence": 1, "cards": 6},
            {"id": f"{P}-J02-B002", "branch": "BR01", "orderLines": [4], "firstSequence": 7, "cards": 6}]},
    ],
    "lines": [
        {"orderLine": 1, "product": "C01-DEBIT", "branch": "HQ", "ordered": 6, "accepted": 6, "rejected": 0},
        {"orderLine": 2, "product": "C01-DEBIT", "branch": "BR01", "ordered": 6, "accepted": 6, "rejected": 0},
        {"orderLine": 3, "product": "C01-ACCESS", "branch": "HQ", "ordered": 6, "accepted": 6, "rejected": 0},
        {"orderLine": 4, "product": "C01-ACCESS", "branch": "BR01", "ordered": 6, "accepted": 6, "rejected": 0},
    ],
}

def production():
    rows, n = [], 0
    for seq in range(1, 13):  # debit: sequence 4 spoiled and reprinted, one sample
        batch = f"{P}-J01-B00{1 if seq <= 6 else 2}"
        if seq == 4:
            n += 1; rows.append([f"{P}-J01", batch, 4, f"CD{n:06d}", "spoiled", "embossing misaligned", "emb-01", "op-17", f"2026-11-03T09:{seq:02d}:00Z"])
        n += 1; rows.append([f"{P}-J01", batch, seq, f"CD{n:06d}", "good", "", "emb-01", "op-17", f"2026-11-03T09:{seq:02d}:30Z"])
    n += 1; rows.append([f"{P}-J01", f"{P}-J01-B002", 0, f"CD{n:06d}", "sample", "", "emb-01", "op-17", "2026-11-03T09:30:00Z"])
    for seq in range(1, 13):
        batch = f"{P}-J02-B00{1 if seq <= 6 else 2}"
        rows.append([f"{P}-J02", batch, seq, f"CA{seq:06d}", "good", "", "enc-01", "op-22", f"2026-11-03T10:{seq:02d}:00Z"])
    rows.append([f"{P}-J02", f"{P}-J02-B001", 0, "CA000013", "test", "", "enc-01", "op-22", "2026-11-03T10:30:00Z"])
    return rows

def shipping():
    rows = []
    for shipment, branch, tracking in [("SHP-0001", "HQ", "EX123456789FR"), ("SHP-0002", "BR01", "EX123456790FR")]:
        b = 1 if branch == "HQ" else 2
        rows.append([shipment, "CT-2026-0001", branch, 1, "C01-DEBIT", 6, f"{P}-J01-B00{b}", "air-cargo", tracking, "2026-11-05T15:00:00Z"])
        rows.append([shipment, "CT-2026-0001", branch, 1, "C01-ACCESS", 6, f"{P}-J02-B00{b}", "air-cargo", tracking, "2026-11-05T15:00:00Z"])
    return rows

def stock():
    return [
        ["2026-11-01T08:00:00Z", "HQ", "C01-DEBIT", "blank", "received", 100, "DN-2026-118", "opening delivery"],
        ["2026-11-01T08:00:00Z", "HQ", "C01-ACCESS", "prefabricated", "received", 50, "DN-2026-119", ""],
        ["2026-11-03T08:00:00Z", "HQ", "C01-DEBIT", "blank", "issued", 15, ORDER, ""],
        ["2026-11-03T08:00:00Z", "HQ", "C01-ACCESS", "prefabricated", "issued", 13, ORDER, ""],
        ["2026-11-03T17:00:00Z", "HQ", "C01-DEBIT", "blank", "returned", 1, ORDER, "unused"],
        ["2026-11-07T17:00:00Z", "HQ", "C01-DEBIT", "blank", "inventory", 86, "INV-2026-11", "month-end"],
        ["2026-11-07T17:00:00Z", "HQ", "C01-ACCESS", "prefabricated", "spot-check", 37, "SC-2026-031", ""],
    ]

# The floor's own note of who was there; it proves nothing: reconcile checks the people who signed the record.
WITNESSES = "Erin Walsh:production;Alice Martin:security;Dave Novak:warehouse"

def destruction(record="DES-2026-0007"):
    return [[record, "2026-11-04T16:00:00Z", "Secure room 2", "shredding", "C01-DEBIT", 1, "CD000004", WITNESSES, "CAM2-20261104-1600"]]

HEADERS = {
    "production.csv": "job,batch,sequence,serial,status,reason,station,operator,time",
    "shipping.csv": "shipment,contract,branch,boxes,product,cards,batches,carrier,tracking,dispatched",
    "receipts.csv": "shipment,received,received_by,boxes",
    "stock.csv": "time,location,product,class,kind,quantity,reference,note",
    "destruction.csv": "id,time,place,method,product,quantity,serials,witnesses,cctv",
    "boxes.csv": "shipment,box,seal,product,cards,serials",
}

# The clean set's boxes: one tamper-evident bag per delivery, each holding both products.
BOXES = [["SHP-0001", 1, "TEB-40017", "C01-DEBIT", 6, "CD000001-CD000003;CD000005-CD000007"],
         ["SHP-0001", 1, "TEB-40017", "C01-ACCESS", 6, "CA000001-CA000006"],
         ["SHP-0002", 1, "TEB-40018", "C01-DEBIT", 6, "CD000008-CD000013"],
         ["SHP-0002", 1, "TEB-40018", "C01-ACCESS", 6, "CA000007-CA000012"]]

def clean():
    return {"production.csv": production(), "shipping.csv": shipping(),
            "receipts.csv": [["SHP-0001", "2026-11-06T10:12:00Z", "Claire Martin", 1], ["SHP-0002", "2026-11-06T14:40:00Z", "Marc Petit", 1]],
            "stock.csv": stock(), "destruction.csv": destruction()}

def field(value):
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text

def write_set(name, files):
    folder = os.path.join(HERE, name, ORDER)
    shutil.rmtree(os.path.join(HERE, name), ignore_errors=True)
    os.makedirs(folder)
    for file, rows in files.items():
        with open(os.path.join(folder, file), "w", newline="") as out:
            out.write(HEADERS[file] + "\r\n" + "".join(",".join(field(v) for v in row) + "\r\n" for row in rows))

def variant(change):
    files = copy.deepcopy(clean()); change(files); return files

def missing_card(f):  # the card at sequence 9 of the access batch for BR01 never came back; BR01 got 5
    f["production.csv"] = [r for r in f["production.csv"] if r[3] != "CA000009"]
    f["shipping.csv"][3][5] = 5

def good_and_spoiled(f):  # the spoiled card is reported under the serial of a good card
    next(r for r in f["production.csv"] if r[4] == "spoiled")[3] = "CD000001"

def short_shipped(f):  # BR01 received five debit cards of six
    f["shipping.csv"][2][5] = 5

def unsigned_destruction(f):  # the floor reports the destruction under an id nobody signed
    f["destruction.csv"] = destruction("DES-2026-0008")

def count_variance(f):  # the month-end inventory finds 85 debit blanks where the book holds 86
    f["stock.csv"][5][5] = 85

work = os.path.join(HERE, "work")
shutil.rmtree(work, ignore_errors=True)
os.makedirs(os.path.join(work, "orders")); os.makedirs(os.path.join(work, "jobs"))
shutil.rmtree(os.path.join(HERE, "two-witnesses"), ignore_errors=True)  # replaced by unsigned-destruction
shutil.copy(os.path.join(ROOT, "Fixtures/sample-inbox/cust-01/drop-20261101-01", f"order-{ORDER}.xml"), os.path.join(work, "orders"))
with open(os.path.join(work, "jobs", "jobs.json"), "w") as out:
    json.dump(jobs, out, indent=2, sort_keys=True); out.write("\n")
write_set("clean", dict(clean(), **{"boxes.csv": BOXES}))
for name, change in [("missing-card", missing_card), ("good-and-spoiled", good_and_spoiled), ("short-shipped", short_shipped),
                     ("unsigned-destruction", unsigned_destruction), ("count-variance", count_variance)]:
    write_set(name, variant(change))
