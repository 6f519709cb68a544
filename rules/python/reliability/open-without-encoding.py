def load(path, out, **kw):
    # ruleid: open-without-encoding
    with open(path) as f:
        text = f.read()
    # ruleid: open-without-encoding
    handle = open(out, "w")
    # ok: open-without-encoding
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # ok: open-without-encoding
    data = open(path, "rb").read()
    # ok: open-without-encoding
    open(out, mode="wb").write(data)
    # ok: open-without-encoding
    open(path, **kw)
    # ok: open-without-encoding
    os.open(path, os.O_RDONLY)
    return text, handle


def open_stream(file, mode, encoding, errors):
    if "b" in mode:
        # ok: open-without-encoding
        return open(file, mode)
    # ok: open-without-encoding
    return open(file, mode=mode, encoding=encoding, errors=errors)
