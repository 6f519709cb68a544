import cors from 'cors';

// ruleid: cors-wildcard
app.use(cors());

// ruleid: cors-wildcard
app.use(cors({ origin: '*' }));

export function handler(req, res) {
  // ruleid: cors-wildcard
  res.setHeader('Access-Control-Allow-Origin', '*');
  // ok: cors-wildcard
  res.setHeader('Content-Type', '*');
  // ok: cors-wildcard
  res.setHeader('Access-Control-Allow-Origin', 'https://app.example.com');
}

// ok: cors-wildcard
app.use(cors({ origin: ['https://app.example.com'] }));
