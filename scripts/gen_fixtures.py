#!/usr/bin/env python3
"""Writes assets/sandbox/fixtures.json, the sandbox's deterministic answers.

Run it after changing a fixture here; the JSON file is committed so the
build needs no Python. Invoice 205218074 is the reference's own example,
byte for byte in meaning.
"""
import json
import pathlib

TEST_SECRET = "yF587AV9Ms94qN2QShFzVR3vFnWkhjbAK3sG"
TEST_TERMINAL = "67e34d63-102f-4bd1-898e-370781d0074d"

REFERENCE = {
    "id": "af2089fe-43b1-47eb-a61f-c78dd196e18d",
    "createdDate": "2022-11-15T03:52:17.289853+06:00",
    "invoiceID": "205218074",
    "amount": 12.22,
    "amountBonus": 0,
    "payoutAmount": 10,
    "orgAmount": 22.22,
    "approvalCode": "170243",
    "data": "{\"custom_id\":\"2023.03.10-15:03:58\",\"email\":\"epay@halykbank.kz\",\"deal_number\":\"1111111\",\"offer_code\":\"1111111\",\"sum\":33900}",
    "currency": "KZT",
    "terminal": "98120001",
    "terminalID": TEST_TERMINAL,
    "accountID": "",
    "description": "order 205218074",
    "language": "RU",
    "cardMask": "400303...9821",
    "cardType": "VISA",
    "issuer": "Казкоммерцбанк",
    "reference": "231951411351",
    "reason": "Successfully",
    "reasonCode": "00",
    "intReference": "67140D7DE97139A7",
    "secure": False,
    "secureDetails": "F",
    "statusID": "5bbb7dd5-4691-41ee-a6a5-755a3d23a218",
    "statusName": "REFUND",
    "name": "Tester Petrov",
    "email": "epay@halykbank.kz",
    "phone": "",
    "cardID": "e8a09f98-04b4-71a6-e053-1d1a000aa0d2",
    "xlsRRN": "",
    "ip": "46.148.239.182",
    "ipCountry": "Kazakhstan",
    "ipCity": "",
    "ipRegion": "",
    "ipDistrict": "",
    "ipLatitude": 55.7386,
    "ipLongitude": 37.6068,
}

PLACES = {
    "almaty": dict(ip="2.134.10.21", ipCountry="Kazakhstan", ipRegion="Алматы", ipCity="Алматы",
                   ipDistrict="Медеуский район", ipLatitude=43.2567, ipLongitude=76.9286),
    "astana": dict(ip="37.99.40.7", ipCountry="Kazakhstan", ipRegion="Астана", ipCity="Астана",
                   ipDistrict="Есильский район", ipLatitude=51.1282, ipLongitude=71.4304),
    "shymkent": dict(ip="95.56.12.200", ipCountry="Kazakhstan", ipRegion="Түркістан облысы",
                     ipCity="Шымкент", ipDistrict="Әл-Фараби ауданы", ipLatitude=42.3417, ipLongitude=69.5901),
    "karaganda": dict(ip="92.46.90.14", ipCountry="Kazakhstan", ipRegion="Қарағанды облысы",
                      ipCity="Қарағанды", ipDistrict="", ipLatitude=49.8047, ipLongitude=73.1094),
    "berlin": dict(ip="85.214.132.117", ipCountry="Germany", ipRegion="Berlin", ipCity="Berlin",
                   ipDistrict="Mitte", ipLatitude=52.5200, ipLongitude=13.4050),
    "newyork": dict(ip="23.45.67.89", ipCountry="United States", ipRegion="New York", ipCity="New York",
                    ipDistrict="Manhattan", ipLatitude=40.7128, ipLongitude=-74.0060),
    "moscow": dict(ip="77.88.55.60", ipCountry="Russia", ipRegion="Москва", ipCity="Москва",
                   ipDistrict="Хамовники", ipLatitude=55.7339, ipLongitude=37.5886),
    "tashkent": dict(ip="84.54.70.3", ipCountry="Uzbekistan", ipRegion="Toshkent", ipCity="Ташкент",
                     ipDistrict="", ipLatitude=41.2995, ipLongitude=69.2401),
    "none": dict(ip="", ipCountry="", ipRegion="", ipCity="", ipDistrict="", ipLatitude=None, ipLongitude=None),
}

CARDS = {
    "visa_halyk": dict(cardMask="440563...1234", cardType="VISA", issuer="Halyk Bank",
                       cardID="0b7c1e11-0001-4a6e-9c1a-000000000001"),
    "mc_kaspi": dict(cardMask="540923...5567", cardType="MASTERCARD", issuer="Kaspi Bank",
                     cardID="0b7c1e11-0002-4a6e-9c1a-000000000002"),
    "visa_forte": dict(cardMask="418973...0042", cardType="VISA", issuer="ForteBank",
                       cardID="0b7c1e11-0003-4a6e-9c1a-000000000003"),
    "upi_bcc": dict(cardMask="621483...7788", cardType="UNIONPAY", issuer="Банк ЦентрКредит",
                    cardID="0b7c1e11-0004-4a6e-9c1a-000000000004"),
    "visa_foreign": dict(cardMask="414720...3301", cardType="VISA", issuer="Chase Bank USA",
                         cardID="0b7c1e11-0005-4a6e-9c1a-000000000005"),
    "mc_jusan": dict(cardMask="530517...9090", cardType="MASTERCARD", issuer="Jusan Bank",
                     cardID="0b7c1e11-0006-4a6e-9c1a-000000000006"),
}


def tx(inv, status, amount, org=None, currency="KZT", place="almaty", card="visa_halyk", secure=True,
       name="Айгерім Сәрсенова", email="aigerim@example.kz", phone="+77011234567", created=None,
       reason="Successfully", reason_code="00", data=None, **extra):
    n = int(str(inv)[-4:])
    t = {
        "id": f"5f0c{n:04d}-7a1e-4c2b-9d3e-{inv:0>12}"[:36],
        "createdDate": created or f"2026-11-{(n % 27) + 1:02d}T{(n % 24):02d}:{(n * 7) % 60:02d}:05.{n:06d}+05:00",
        "invoiceID": str(inv),
        "amount": amount,
        "amountBonus": 0,
        "payoutAmount": amount,
        "orgAmount": amount if org is None else org,
        "approvalCode": f"{(n * 7919) % 1000000:06d}",
        "data": json.dumps(data, ensure_ascii=False) if isinstance(data, dict) else ("" if data is None else data),
        "currency": currency,
        "terminal": "98120001",
        "terminalID": TEST_TERMINAL,
        "accountID": "",
        "description": f"order {inv}",
        "language": "RU",
        **CARDS[card],
        "reference": f"{(n * 104729) % 10**12:012d}",
        "reason": reason,
        "reasonCode": reason_code,
        "intReference": f"{n * 2654435761 % 16**16:016X}",
        "secure": secure,
        "secureDetails": "Y" if secure else "F",
        "statusID": f"5bbb7dd5-0000-4000-8000-{n:012d}",
        "statusName": status,
        "name": name,
        "email": email,
        "phone": phone,
        "xlsRRN": "",
        **PLACES[place],
    }
    t.update(extra)
    return t


def payment(inv, transaction, code="100", message="SUCCESS", http=200):
    return {"invoiceId": str(inv), "type": "payment", "http": http,
            "body": {"resultCode": code, "resultMessage": message, "transaction": transaction}}


def p2p(inv, transaction, code="100", message="SUCCESS", http=200):
    body = {"result": {"code": code, "message": message},
            "transaction": None if transaction is None else {"p2p": transaction}}
    return {"invoiceId": str(inv), "type": "p2p", "http": http, "body": body}


def p2p_tx(inv, status, amount, **kw):
    t = tx(inv, status, amount, **kw)
    t["receiverCardMask"] = "440043...7781"
    t["receiverName"] = kw.get("receiver", "Дәулет Қасымов")
    t.pop("receiver", None)
    return t


invoices = [
    payment(205218074, REFERENCE),
    payment(100000001, tx(100000001, "CHARGE", 15000, data={"order": "A-1001", "email": "aigerim@example.kz"})),
    payment(100000002, tx(100000002, "AUTH", 48500.5, place="astana", card="mc_kaspi", name="Нұрлан Әбенов",
                          email="nurlan@example.kz")),
    payment(100000003, tx(100000003, "NEW", 2300, reason="", reason_code="", approvalCode="")),
    payment(100000004, tx(100000004, "CANCEL", 7200, card="visa_forte", place="karaganda")),
    payment(100000005, tx(100000005, "CANCEL_OLD", 990, card="upi_bcc")),
    payment(100000006, tx(100000006, "REFUND", 5400, org=5400, place="shymkent", name="Ерлан Жақыпов")),
    payment(100000007, tx(100000007, "REJECT", 125000, reason="Insufficient funds", reason_code="51",
                          card="mc_jusan", approvalCode="")),
    payment(100000008, tx(100000008, "FAILED", 3100, reason="Do not honour", reason_code="05")),
    payment(100000009, tx(100000009, "3D", 64000, reason="3-D Secure authentication failed", reason_code="3D",
                          secureDetails="N")),
    payment(100000010, tx(100000010, "VERIFIED", 0, name="Card Check")),
    payment(100000011, tx(100000011, "CHARGE", 59.99, currency="USD", place="berlin", card="visa_foreign",
                          secure=False, name="Jonas Weber", email="jonas@example.de", phone="+4930123456",
                          language="EN")),
    payment(100000012, tx(100000012, "CHARGE", 120, currency="USD", place="newyork", card="visa_foreign",
                          secure=True, name="Emily Carter", email="emily@example.com", phone="", language="EN")),
    payment(100000013, tx(100000013, "PARTIAL_HOLD", 800)),
    payment(100000014, {
        "id": "", "createdDate": "", "invoiceID": "100000014", "amount": None, "amountBonus": None,
        "payoutAmount": None, "orgAmount": None, "approvalCode": "", "data": None, "currency": "",
        "terminal": "", "terminalID": "", "accountID": "", "description": "", "language": "", "cardMask": "",
        "cardType": "", "issuer": "", "reference": "", "reason": "", "reasonCode": "", "intReference": "",
        "secure": None, "secureDetails": "", "statusID": "", "statusName": "", "name": "", "email": "",
        "phone": "", "cardID": "", "xlsRRN": "", "ip": "", "ipCountry": "", "ipCity": "", "ipRegion": "",
        "ipDistrict": "", "ipLatitude": None, "ipLongitude": None}),
    {"invoiceId": "100000015", "type": "payment", "http": 200,
     "body": {"resultCode": 100, "resultMessage": "SUCCESS",
              "transaction": dict(tx(100000015, "CHARGE", 0), amount="1500.50", orgAmount="1500.50",
                                  payoutAmount="1450.00", secure="true")}},
    payment(100000016, tx(100000016, "CHARGE", 4200, data="not json {")),
    payment(100000017, tx(100000017, "CHARGE", 4300, data="")),
    payment(100000018, dict(tx(100000018, "CHARGE", 4400), data=None)),
    payment(100000019, tx(100000019, "CHARGE", 4500, created="2023-06-01T12:30:00.000001+06:00")),
    payment(100000020, tx(100000020, "CHARGE", 1234567.89, card="mc_kaspi", place="astana")),
    payment(100000021, tx(100000021, "CHARGE", 18900, place="shymkent", name="Ерлан Жақыпов",
                          issuer="Қазақстан Халық Банкі", email="erlan@example.kz")),
    payment(100000022, tx(100000022, "CHARGE", 100,
                          name="Evil\u001b]0;owned\u0007\u001b[2J Name\u202e",
                          description="line1\nline2\u001b[31m red\u009b1m",
                          ipCity="Town\u0007\u007f", data={"note": "\u001b[5mblink"})),
    payment(100000023, tx(100000023, "CHARGE", 77000, name="Александра Константиновна Великорецкая-Преображенская",
                          description="Оплата заказа №100000023: путёвка в санаторий «Сарыагаш», "
                                      "Түркістан облысы, 14 ночей, двухместный номер повышенной комфортности "
                                      "с видом на горы, трёхразовое питание и лечебные процедуры",
                          place="shymkent", issuer="Қазақстан Халық Банкі")),
    payment(100000024, tx(100000024, "CHARGE", 25000, place="moscow", card="mc_jusan", secure=False,
                          name="Иван Смирнов", email="ivan@example.ru")),
    payment(100000025, tx(100000025, "AUTH", 150000, created="2026-10-01T09:15:00.123456+05:00",
                          card="visa_forte")),
    payment(100000026, {"invoiceID": "100000026", "statusName": "CHARGE", "amount": 700, "currency": "KZT"}),
    payment(100000027, tx(100000027, "CHARGE", 9900, amountBonus=500, payoutAmount=9400)),
    payment(100000028, tx(100000028, "CHARGE", 31000, data={"email": "other.person@example.com", "order": "B-77"},
                          email="aigerim@example.kz")),
    payment(100000029, tx(100000029, "REFUND", 2500, org=10000, card="mc_kaspi", place="tashkent",
                          name="Азиз Каримов", email="aziz@example.uz")),
    payment(100000030, tx(100000030, "CHARGE", 5600, card="upi_bcc", place="karaganda",
                          name="Гүлнар Оспанова", email="gulnar@example.kz")),
    payment(100000031, tx(100000031, "CHARGE", 870, card="visa_halyk", place="almaty")),
    payment(100000032, tx(100000032, "AUTH", 12000, card="mc_kaspi", place="astana", secure=False)),
    payment(100000033, tx(100000033, "REFUND", 1000, org=3000, currency="USD", card="visa_foreign",
                          place="berlin", secure=True, name="Jonas Weber")),
    payment(100000101, None, code="101", message="reject", http=400),
    payment(100000102, None, code="102", message="invoice not found"),
    payment(100000103, None, code="103", message="error, try again or contact support"),
    payment(100000107, None, code="107", message="try again later"),
    p2p(200000001, p2p_tx(200000001, "CHARGE", 20000, place="almaty")),
    p2p(200000002, p2p_tx(200000002, "REFUND", 5000, org=8000, card="mc_kaspi", place="astana")),
    p2p(200000003, p2p_tx(200000003, "REJECT", 300000, reason="Exceeds withdrawal limit", reason_code="61")),
    p2p(200000004, p2p_tx(200000004, "NEW", 1500)),
    {"invoiceId": "200000005", "type": "p2p", "http": 200,
     "body": {"result": {"code": 100, "message": "SUCCESS"},
              "transaction": {"p2p": p2p_tx(200000005, "CHARGE", 4750.25, card="visa_forte")}}},
    p2p(200000006, p2p_tx(200000006, "CHARGE", 62000, place="shymkent", name="Әйгерім Төлеуова",
                         receiver="Бауыржан Сейітов")),
    p2p(200000007, None, code="101", message="reject", http=400),
    p2p(200000008, p2p_tx(200000008, "CHARGE", 250, currency="USD", place="newyork", card="visa_foreign",
                         secure=False, name="Emily Carter")),
    p2p(200000009, p2p_tx(200000009, "AUTH", 10000, card="mc_jusan")),
    p2p(200000103, None, code="103", message="error, try again or contact support"),
]

# Invoices whose status moves on with each check, as real ones do: the
# n-th status request gets the n-th answer, then the last one for ever.
def sequence(inv, *steps):
    return {"invoiceId": str(inv), "type": "payment", "http": 200,
            "sequence": [{"resultCode": "100", "resultMessage": "SUCCESS", "transaction": t} for t in steps]}


invoices += [
    sequence(100000040,
             tx(100000040, "NEW", 8800, reason="", reason_code=""),
             tx(100000040, "AUTH", 8800),
             tx(100000040, "CHARGE", 8800)),
    sequence(100000041,
             tx(100000041, "AUTH", 45000, card="mc_kaspi", place="astana"),
             tx(100000041, "CHARGE", 45000, card="mc_kaspi", place="astana"),
             tx(100000041, "REFUND", 15000, org=45000, card="mc_kaspi", place="astana")),
]

# Invoices that misbehave (the --fault syntax, aimed at the invoice itself).
def faulty(inv, fault, transaction=None):
    entry = payment(inv, transaction or tx(inv, "CHARGE", 5000 + inv % 100))
    entry["fault"] = fault
    return entry


invoices += [
    faulty(100000050, "html"),          # a proxy's HTML error page
    faulty(100000051, "503*2"),         # two 503s, then the answer: retried
    faulty(100000052, "107*2"),         # "try again later" twice, then the answer
    faulty(100000053, "truncated"),     # the body is cut off
    faulty(100000054, "oversized"),     # 4 MiB of body
    faulty(100000055, "delay=3000"),    # a slow answer
    faulty(100000056, "401"),           # every token refused
]

# Shapes real ePay answers take that the reference never printed
# (shared/epay-api/NOTES.md): strings for booleans, numbers for codes,
# nanoseconds, nulls anywhere, 0/0 for "location unknown", amounts as text.
def shape(inv, status="CHARGE", amount=6000, **extra):
    t = tx(inv, status, amount, **extra)
    return payment(inv, t)


def raw(inv, text):
    """An answer sent byte for byte: one byte per character (U+0000 to U+00FF),
    for bodies JSON tools cannot write (invalid UTF-8, numbers out of range)."""
    return {"invoiceId": str(inv), "type": "payment", "http": 200, "raw": text}


RAW_BASE = json.dumps({"resultCode": "100", "resultMessage": "SUCCESS",
                       "transaction": tx(0, "CHARGE", 7000, name="NAME", place="astana")}, ensure_ascii=True)

invoices += [
    shape(100000060, "FINGERPRINT", secure="No", secureDetails="N", reasonCode=0, created="2025-03-14T10:22:01.089532914+05:00",
          xlsRRN="412345678901", accountID="9f1d2c3b-0000-4000-8000-000000000060"),
    shape(100000061, secure="YES", ipLatitude=0, ipLongitude=0, ipCountry=None, ipCity=None, ipRegion=None,
          ipDistrict=None, approvalCode=None, cardID=None, reference=None, secureDetails=None, amount=0,
          currency=""),
    shape(100000062, secure="False", created="2023-02-01T08:00:00.289853+06:00"),
    shape(100000063, amount="15,000", orgAmount="15 000.00", payoutAmount="1,234.56", amountBonus="12,22"),
    raw(100000064, RAW_BASE.replace('"amount": 7000', '"amount": 1e400').replace('"0"', '"100000064"', 1)),
    raw(100000065, RAW_BASE.replace('"NAME"', '"Ivan \xff\xfe Petrov"').replace('"0"', '"100000065"', 1)),
    shape(100000066, name="Ай\u200bгерім\u2060", ipCity="Алматы\u2028Астана",
          description="Z" + "\u0301" * 40 + "algo"),
    shape(100000067, name="<img src=x onerror=alert(1)>",
          description="[pay here](http://evil.example/x) <script>alert(1)</script> | *bold*"),
]

# Two payments a chargeback notice cannot tell apart (the same card, amount
# and day): intake lists them as candidates instead of guessing.
invoices += [
    payment(100000070, tx(100000070, "CHARGE", 7777, card="mc_jusan", created="2026-11-19T10:15:00.000070+05:00")),
    payment(100000071, tx(100000071, "CHARGE", 7777, card="mc_jusan", created="2026-11-19T18:40:00.000071+05:00")),
]

clients = [
    {"client_id": "test", "client_secret": TEST_SECRET, "terminal": TEST_TERMINAL, "expires_in": 7200},
    # Some ePay pages send expires_in as a string; this client gets one.
    {"client_id": "legacy", "client_secret": "legacy-secret", "terminal": TEST_TERMINAL, "expires_in": "1200"},
]

# Cabinet users for the statement search's password grant (the sandbox
# profile's built-in login, src/config.rs), each signing in through a client.
users = [
    {"username": "operator@sandbox.kz", "password": "sandbox-cabinet-pw", "client_id": "test"},
]

out = pathlib.Path(__file__).resolve().parent.parent / "assets" / "sandbox" / "fixtures.json"
out.write_text(json.dumps({"clients": clients, "users": users, "invoices": invoices}, ensure_ascii=False, indent=1) + "\n")
print(f"wrote {out}: {len(invoices)} invoices")
