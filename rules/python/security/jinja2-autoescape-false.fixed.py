import jinja2
from jinja2 import Environment, select_autoescape

# ruleid: jinja2-autoescape-false
env = Environment(loader=loader, autoescape=True)

# ruleid: jinja2-autoescape-false
raw = jinja2.Environment(autoescape=True)

# ok: jinja2-autoescape-false
safe = Environment(loader=loader, autoescape=select_autoescape(["html"]))

# ok: jinja2-autoescape-false
also_safe = Environment(autoescape=True)

# ok: jinja2-autoescape-false
other = Config(autoescape=False)
