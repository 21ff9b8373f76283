"""The runtime's own Python helpers (src/python/helpers.h).

Work that is one line of Python and twenty of C API: reading a class's __init__
signature, formatting a traceback, driving an async generator. Frozen into the program
(scripts/freeze-python.py), so it is neither read nor compiled at start-up. Nothing here
imports a module at load time: start-up stays cheap, and asyncio, traceback, importlib
are imported where first needed.
"""
import sys

_CO_VARKEYWORDS = 0x08
_CO_COROUTINE = 0x80
_CO_ASYNC_GENERATOR = 0x200


def _value_default(v, depth=0):
    """(True, v) when v has an exact Value form and round-trips to an equal object."""
    if v is None or type(v) in (bool, int, float, str):
        return True, v
    if depth < 8 and type(v) is list:
        return (all(_value_default(x, depth + 1)[0] for x in v), v)
    if depth < 8 and type(v) is dict:
        return (all(type(k) is str and _value_default(x, depth + 1)[0] for k, x in v.items()), v)
    return False, None


def _params_from_code(init):
    code = init.__code__
    n = code.co_argcount
    names = code.co_varnames[: n + code.co_kwonlyargcount]
    defaults = init.__defaults__ or ()
    kwdefaults = init.__kwdefaults__ or {}
    first_default = n - len(defaults)
    params = []
    for i in range(code.co_posonlyargcount, n + code.co_kwonlyargcount):
        if i == 0:
            continue  # self
        name = names[i]
        if i < n:
            has_default = i >= first_default
            default = defaults[i - first_default] if has_default else None
        else:
            has_default = name in kwdefaults
            default = kwdefaults.get(name)
        params.append((name, has_default, default))
    return params, bool(code.co_flags & _CO_VARKEYWORDS)


def _params_from_signature(init):
    import inspect
    try:
        sig = inspect.signature(init)
    except (TypeError, ValueError):
        return [], True
    params, any_ = [], False
    for i, p in enumerate(sig.parameters.values()):
        if i == 0 and p.kind is not p.KEYWORD_ONLY:
            continue  # self
        if p.kind is p.VAR_KEYWORD:
            any_ = True
        elif p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY):
            has_default = p.default is not p.empty
            params.append((p.name, has_default, p.default if has_default else None))
    return params, any_


def describe(cls):
    """[(name, required, default_or_None)], accepts_any_params, is_generator, doc line,
    is_async (process is a coroutine or async generator function)."""
    init = cls.__init__
    if init is object.__init__:
        raw, any_ = [], False
    elif getattr(init, "__code__", None) is not None and not hasattr(init, "__wrapped__"):
        raw, any_ = _params_from_code(init)
    else:
        raw, any_ = _params_from_signature(init)
    params = []
    for name, has_default, default in raw:
        ok, value = _value_default(default) if has_default else (False, None)
        params.append((name, not has_default, value if ok else None))
    doc = ""
    for line in (cls.__doc__ or "").strip().splitlines():
        doc = line.strip()
        break
    return (params, any_, callable(getattr(cls, "generate", None)), doc,
            is_async_callable(getattr(cls, "process", None)))


def is_async_callable(f):
    code = getattr(getattr(f, "__func__", f), "__code__", None)
    return code is not None and bool(code.co_flags & (_CO_COROUTINE | _CO_ASYNC_GENERATOR))


def add_path(dirs):
    changed = False
    for d in reversed(dirs):
        if d and d not in sys.path:
            sys.path.insert(1 if sys.path else 0, d)
            changed = True
    if changed:
        import importlib
        importlib.invalidate_caches()


def _import_module(name):
    """importlib.import_module(name) for an absolute name, without importing importlib
    (and warnings) on every start."""
    if name.startswith("."):
        raise TypeError(f"the node type names a relative module '{name}'; use an absolute one")
    __import__(name)
    return sys.modules[name]


def load(node_type):
    """The class for node_type; None when there is no such node; a str when the name
    points at a module that has no such class. Raises when a module fails to import."""
    if ":" in node_type:
        mod_name, _, qual = node_type.partition(":")
        mod = _import_module(mod_name)
        obj = mod
        for part in qual.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                names = sorted(n for n, v in vars(mod).items()
                               if isinstance(v, type) and not n.startswith("_"))
                return (f"module '{mod_name}' ({getattr(mod, '__file__', '?')}) has no class "
                        f"'{qual}'; its classes: {', '.join(names) or 'none'}")
        if not isinstance(obj, type):
            return f"'{node_type}' is a {type(obj).__name__}, not a class"
        return obj
    if not node_type.isidentifier() or node_type.startswith("_"):
        return None
    nodes = _import_module("remotemedia.nodes")
    obj = getattr(nodes, node_type, None)
    return obj if isinstance(obj, type) else None


def sdk_names():
    try:
        import remotemedia.nodes as nodes
    except Exception:
        return []
    return [str(n) for n in getattr(nodes, "__all__", ())]


def install_tensor_type(tensor_type):
    try:
        import remotemedia
    except Exception:
        return
    if not hasattr(remotemedia, "Tensor"):
        remotemedia.Tensor = tensor_type


def exc_message(e):
    t = type(e)
    mod = getattr(t, "__module__", "builtins")
    name = t.__qualname__ if mod in ("builtins", "__main__") else f"{mod}.{t.__qualname__}"
    try:
        text = str(e)
    except Exception:
        text = "<exception str() failed>"
    return f"{name}: {text}" if text else name


def exc_traceback(e):
    """The formatted traceback, the same in both forms: a frame of the runtime's own code
    (the SDK, the stdlib) shows its path inside the SDK or the stdlib and no source line.
    That is how the .wasm, which carries that code as bytecode in its archives, sees it;
    natively it would show where this machine keeps it. Other frames are as Python
    prints them."""
    import os
    import traceback

    roots = [os.path.dirname(traceback.__file__)]  # not os.__file__: os is frozen, fileless
    sdk = getattr(sys.modules.get("remotemedia"), "__file__", None)
    if sdk:
        roots.append(os.path.dirname(os.path.dirname(sdk)))
    roots = [root + os.sep for root in roots if os.path.isabs(root)]

    def as_seen(frame):
        for root in roots:
            if frame.filename.startswith(root):
                return traceback.FrameSummary(frame.filename[len(root):], frame.lineno,
                                              frame.name, lookup_line=False, line="")
        return frame

    top = traceback.TracebackException(type(e), e, e.__traceback__)
    pending, seen = [top], set()
    while pending:
        te = pending.pop()
        if id(te) in seen:
            continue
        seen.add(id(te))
        te.stack = traceback.StackSummary.from_list([as_seen(f) for f in te.stack])
        pending.extend(x for x in (te.__cause__, te.__context__) if x is not None)
        pending.extend(getattr(te, "exceptions", None) or ())
    return "".join(top.format())


def exc_location(e):
    """(file, line) of a SyntaxError, else of the innermost frame of user code."""
    if isinstance(e, SyntaxError) and e.filename:
        return e.filename, e.lineno or 0
    # Import machinery is told apart by module name, not by file: in the .wasm the
    # stdlib's code objects carry paths relative to the archive ("importlib/...").
    tb, where = e.__traceback__, None
    while tb is not None:
        f = tb.tb_frame.f_code.co_filename
        module = tb.tb_frame.f_globals.get("__name__") or ""
        if not f.startswith("<") and module != "importlib" and not module.startswith("importlib."):
            where = (f, tb.tb_lineno)
        tb = tb.tb_next
    return where


async def _drive(aw, emit):
    if hasattr(aw, "__anext__"):
        async for item in aw:
            emit(item)
        return None
    return await aw


async def aiter_of(it):
    """The input of an async streaming node: an async iterator over a sync one."""
    for item in it:
        yield item


def has_running_loop():
    asyncio = sys.modules.get("asyncio")
    return asyncio is not None and asyncio._get_running_loop() is not None


def start_task(aw, emit, on_done):
    import asyncio
    task = asyncio.get_running_loop().create_task(_drive(aw, emit))
    task.add_done_callback(on_done)


def run_private(aw, emit):
    # A coroutine from a node called synchronously (a plain `def process` returning one,
    # or the sync driver): run to its end on a private loop, blocking this thread as any
    # synchronous call does. On the lane's thread the lane's own loop is running, and
    # asyncio refuses to start a second one there: it is set aside for the duration.
    try:
        import asyncio
    except ImportError:
        aw.close()
        raise RuntimeError("process() returned a coroutine, and this build has no asyncio "
                           "(the WebAssembly build): make process a plain function or "
                           "generator") from None
    outer = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(_drive(aw, emit))
    finally:
        loop.close()
        asyncio._set_running_loop(outer)


def lane_loop(fd, drain):
    import asyncio
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.add_reader(fd, drain)
    return loop
