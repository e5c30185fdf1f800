"""Pure parsing of mDNS records and the by-node-id master table (no sockets)."""
from __future__ import annotations

import pytest

from shared.net.service_record import (SERVICE_TYPE, ChangeKind, MasterRecord, MasterTable,
                                       NotAMaster, base_url, choose_address, decode_txt,
                                       host_name, instance_name, normalize_address,
                                       parse_service, service_name, txt_properties)

TXT = {b"site": b"mpp-purbaraya", b"api": b"1", b"id": b"n1"}


def rec(node="n1", addresses=("192.168.1.10",), port=8420, site="mpp-purbaraya", name=None):
    return MasterRecord(node, site, "1", port, tuple(addresses), name or f"x-{node}")


def test_instance_name_has_no_dots():
    assert instance_name("mpp-purbaraya") == "Antrean mpp-purbaraya"
    assert instance_name("mpp.kab.purbaraya") == "Antrean mpp-kab-purbaraya"
    assert "." not in instance_name("a.b.c")
    assert len(instance_name("x" * 200)) <= 63
    assert service_name("mpp.x") == "Antrean mpp-x._antrean._tcp.local."
    assert service_name("a").endswith(SERVICE_TYPE)


def test_host_name_is_a_valid_label():
    assert host_name("3f2a-91c0") == "antrean-3f2a-91c0.local."
    assert host_name("A B/c") == "antrean-a-b-c.local."
    assert host_name("///") == "antrean-master.local."


def test_txt_roundtrip_through_bytes():
    txt = txt_properties("mpp-x", "node-7")
    assert txt == {"site": "mpp-x", "api": "1", "id": "node-7"}
    wire = {k.encode(): v.encode() for k, v in txt.items()}
    assert decode_txt(wire) == txt


def test_decode_txt_tolerates_junk():
    assert decode_txt(None) == {}
    assert decode_txt({b"SITE": b"a", b"flag": None, b"bad": b"\xff\xfe", b"": b"x"}) == {
        "site": "a", "flag": None, "bad": None}
    assert decode_txt({"id": "n"}) == {"id": "n"}


@pytest.mark.parametrize("given, expected", [
    (b"\x7f\x00\x00\x01", "127.0.0.1"),
    ("10.0.0.5", "10.0.0.5"),
    (" 10.0.0.5 ", "10.0.0.5"),
    ("fe80::1%eth0", "fe80::1%eth0"),
    (bytes(15) + b"\x01", "::1"),
    ("not-an-ip", None),
    (b"\x01\x02", None),
])
def test_normalize_address(given, expected):
    assert normalize_address(given) == expected


def test_choose_address_prefers_routable_ipv4():
    assert choose_address(["fe80::1%eth0", "2001:db8::5", "169.254.3.3", "192.168.1.10"]) == (
        "192.168.1.10")
    assert choose_address(["fe80::1%eth0", "2001:db8::5"]) == "2001:db8::5"
    assert choose_address(["169.254.3.3", "fe80::1%eth0"]) == "169.254.3.3"
    assert choose_address([]) is None


def test_base_url_brackets_ipv6():
    assert base_url("192.168.1.10", 8420) == "http://192.168.1.10:8420"
    assert base_url("2001:db8::5", 8420) == "http://[2001:db8::5]:8420"
    assert base_url("fe80::1%eth0", 80) == "http://[fe80::1%25eth0]:80"


def test_parse_service_ok():
    r = parse_service("Antrean mpp-purbaraya._antrean._tcp.local.", TXT,
                      [b"\xc0\xa8\x01\x0a", "192.168.1.10", "fe80::1%eth0"], 8420)
    assert r.node_id == "n1" and r.site_id == "mpp-purbaraya" and r.port == 8420
    assert r.addresses == ("192.168.1.10", "fe80::1%eth0")  # de-duplicated, order kept
    assert r.url == "http://192.168.1.10:8420"


@pytest.mark.parametrize("txt, addresses, port, why", [
    ({b"api": b"1", b"id": b"n"}, ["10.0.0.1"], 8420, "site"),
    ({b"site": b"s", b"api": b"1"}, ["10.0.0.1"], 8420, "'id'"),
    ({b"site": b"s", b"api": b"2", b"id": b"n"}, ["10.0.0.1"], 8420, "api"),
    ({b"site": b"s", b"id": b"n"}, ["10.0.0.1"], 8420, "api"),
    ({b"site": b"s", b"api": b"1", b"id": b"n"}, [], 8420, "address"),
    ({b"site": b"s", b"api": b"1", b"id": b"n"}, ["junk"], 8420, "address"),
    ({b"site": b"s", b"api": b"1", b"id": b"n"}, ["10.0.0.1"], None, "port"),
    ({b"site": b"s", b"api": b"1", b"id": b"n"}, ["10.0.0.1"], 0, "port"),
])
def test_parse_service_rejects(txt, addresses, port, why):
    with pytest.raises(NotAMaster, match=why):
        parse_service("x._antrean._tcp.local.", txt, addresses, port)


def test_table_found_moved_updated_unchanged():
    table = MasterTable("mpp-purbaraya")
    c = table.apply(rec())
    assert c.kind is ChangeKind.FOUND and table.node_id == "n1"
    assert table.apply(rec()) is None  # same again: nothing to tell
    c = table.apply(rec(addresses=("192.168.1.10", "2001:db8::5")))
    assert c.kind is ChangeKind.UPDATED  # url unchanged
    c = table.apply(rec(addresses=("192.168.1.77",)))
    assert c.kind is ChangeKind.MOVED and c.previous.url == "http://192.168.1.10:8420"
    assert c.record.url == "http://192.168.1.77:8420"
    c = table.apply(rec(addresses=("192.168.1.77",), port=9000))
    assert c.kind is ChangeKind.MOVED
    assert table.current.url == "http://192.168.1.77:9000"


def test_table_ignores_other_sites_and_reports_conflicts():
    table = MasterTable("mpp-purbaraya")
    assert table.apply(rec(site="mpp-lain")) is None
    assert table.node_id is None
    table.apply(rec("n1"))
    assert table.apply(rec("n2", addresses=("192.168.1.99",))) is None  # another master
    assert table.conflicts == {"n2"}
    assert table.current.node_id == "n1"


def test_table_pinned_to_a_remembered_id():
    table = MasterTable("mpp-purbaraya", node_id="n2")
    assert table.apply(rec("n1")) is None
    assert table.current is None
    assert table.apply(rec("n2")).kind is ChangeKind.FOUND


def test_table_keeps_a_gone_master_and_reports_the_return_as_a_move():
    table = MasterTable("mpp-purbaraya")
    table.apply(rec(name="Antrean mpp-purbaraya._antrean._tcp.local."))
    gone = table.remove("Antrean mpp-purbaraya._antrean._tcp.local.")
    assert gone.kind is ChangeKind.GONE
    assert table.current is not None  # mDNS is no proof of death
    assert table.remove("Antrean mpp-purbaraya._antrean._tcp.local.") is None
    back = table.apply(rec(addresses=("10.1.1.1",),
                           name="Antrean mpp-purbaraya-2._antrean._tcp.local."))
    assert back.kind is ChangeKind.MOVED
    assert table.remove("unknown") is None
