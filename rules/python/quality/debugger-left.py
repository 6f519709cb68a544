import pdb


def compute(x):
    # ruleid: debugger-left
    breakpoint()
    # ruleid: debugger-left
    pdb.set_trace()
    # ok: debugger-left
    debugger.breakpoint()
    # ok: debugger-left
    set_breakpoint(x)
    return x


def set_break(parse_method):
    def breaker(instring, loc):
        import pdb

        # this call to pdb.set_trace() is intentional, not a checkin error
        # ok: debugger-left
        pdb.set_trace()
        return parse_method(instring, loc)

    return breaker
