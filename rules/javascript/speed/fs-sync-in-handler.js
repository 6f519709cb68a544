const fs = require('fs');
const { execSync } = require('child_process');

// ok: fs-sync-in-handler
const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));

app.get('/report', (req, res) => {
  // ruleid: fs-sync-in-handler
  const body = fs.readFileSync(`reports/${req.params.id}.html`, 'utf8');
  res.send(body);
});

router.post('/deploy', function (req, res) {
  // ruleid: fs-sync-in-handler
  execSync('make deploy');
  res.sendStatus(204);
});

app.get('/fast', async (req, res) => {
  // ok: fs-sync-in-handler
  const body = await fs.promises.readFile('fast.html', 'utf8');
  res.send(body);
});

function startup() {
  // ok: fs-sync-in-handler
  fs.mkdirSync('tmp', { recursive: true });
}
