import requests


def fetch(url, payload, **options):
    # ruleid: requests-without-timeout
    r = requests.get(url, timeout=10)
    # ruleid: requests-without-timeout
    requests.post(url, json=payload, headers={"Accept": "application/json"}, timeout=10)
    # ruleid: requests-without-timeout
    requests.request("DELETE", url, timeout=10)
    # ok: requests-without-timeout
    requests.get(url, timeout=10)
    # ok: requests-without-timeout
    requests.post(url, json=payload, timeout=(3.05, 27))
    # ok: requests-without-timeout
    requests.get(url, **options)
    # ok: requests-without-timeout
    session.get(url)
    # ok: requests-without-timeout
    requests.Session()
    return r
