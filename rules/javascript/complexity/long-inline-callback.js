// ruleid: long-inline-callback
app.post('/upload', async (req, res) => {
  const file = req.file;
  if (!file) {
    res.status(400).send('no file');
    return;
  }
  const size = file.size;
  if (size > LIMIT) {
    res.status(413).send('too large');
    return;
  }
  const name = sanitize(file.originalname);
  await store.put(name, file.buffer);
  await audit.log(req.user, name);
  res.status(201).json({ name, size });
});

// ok: long-inline-callback
app.get('/health', (req, res) => {
  res.send('ok');
});

// ok: long-inline-callback
export const handler = async (req, res) => {
  const file = req.file;
  if (!file) {
    res.status(400).send('no file');
    return;
  }
  const size = file.size;
  if (size > LIMIT) {
    res.status(413).send('too large');
    return;
  }
  const name = sanitize(file.originalname);
  await store.put(name, file.buffer);
  await audit.log(req.user, name);
  res.status(201).json({ name, size });
};

// ok: long-inline-callback
module.exports = (chalk, temporary) => {
  const styles = [];
  const chunks = [];
  let chunk = [];
  for (const part of temporary.split(' ')) {
    if (part.startsWith('{')) {
      styles.push(part.slice(1));
    } else if (part === '}') {
      chunks.push(chunk.join(''));
      chunk = [];
    } else {
      chunk.push(part);
    }
  }
  chunks.push(chunk.join(''));
  return chalk(styles, chunks);
};
