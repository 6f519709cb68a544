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
