"""Helpers shared by the demo catalog data modules (agencies_*.py); see generate.py.

A service is written as ``S(slug, name, requirements, procedure, completion_time, cost, product,
**options)``. Requirements and procedure are ``;``-separated text. Options override the agency
defaults: ``quota`` (daily_quota), ``cutoff`` (cutoff_minutes), ``prio`` (priority),
``booking`` (booking_quota), ``avg`` (avg_service_minutes). The service code is
``<agency code>-<slug>``.
"""

COMPLAINTS = "Kotak saran di gerai; SP4N-LAPOR! (lapor.go.id); WhatsApp pengaduan MPP"
GRATIS = "Gratis"
SELESAI = "Selesai di tempat"

SERVICE_OPTIONS = frozenset({"quota", "cutoff", "prio", "booking", "avg"})


def S(slug, name, req, proc, time, cost, product, **opts):
    unknown = set(opts) - SERVICE_OPTIONS
    if unknown:
        raise ValueError(f"{slug}: unknown option(s) {sorted(unknown)}")
    return dict(slug=slug, name=name, requirements=req, procedure=proc,
                completion_time=time, cost=cost, product=product, **opts)


def A(code, name, short_name, prefix, services, complaints=COMPLAINTS, **defaults):
    """An agency with its services; ``defaults`` are service options applied to every service."""
    unknown = set(defaults) - SERVICE_OPTIONS
    if unknown:
        raise ValueError(f"{code}: unknown default(s) {sorted(unknown)}")
    return dict(code=code, name=name, short_name=short_name, prefix=prefix,
                complaints=complaints, defaults=defaults, services=services)


def steps(*parts):
    """Join procedure steps or requirement items (strings, possibly already ;-joined)."""
    return "; ".join(p for p in parts if p)
