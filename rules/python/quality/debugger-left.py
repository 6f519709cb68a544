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
