from flask import Flask

app = Flask(__name__)

# ruleid: flask-bind-all-interfaces
app.run(host="0.0.0.0", port=8080)

# ruleid: flask-bind-all-interfaces
app.run(host="::")

# ok: flask-bind-all-interfaces
app.run(host="127.0.0.1")

# ok: flask-bind-all-interfaces
app.run(host=os.environ["HOST"])

# ok: flask-bind-all-interfaces
server.configure(host="0.0.0.0")
