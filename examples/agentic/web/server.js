// Tiny placeholder web server for the example build context; replace with the real Next.js app.
const http = require("node:http");
http.createServer((_req, res) => res.end("ok\n")).listen(3000);
