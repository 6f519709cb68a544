from flask import Flask

app = Flask(__name__)

if __name__ == "__main__":
    # ruleid: flask-debug-true
    app.run(debug=False)

# ruleid: flask-debug-true
create_app().run(host="0.0.0.0", debug=False)

# ok: flask-debug-true
app.run(debug=False)

# ok: flask-debug-true
app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

# ok: flask-debug-true
runner.start(debug=True)
