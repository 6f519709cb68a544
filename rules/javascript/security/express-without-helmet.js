import express from 'express';

// ruleid: express-without-helmet
const app = express();

// ok: express-without-helmet
const router = express.Router();

// ok: express-without-helmet
app.use(express.json());

// ok: express-without-helmet
const other = expressLike();

app.listen(3000);
