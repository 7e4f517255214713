const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page frame: Danish, a skip link and landmarks, so keyboard and screen-reader users can move around. */
export function layout(title: string, main: string): string {
  return `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – Rammeaftale Sjælland</title>
</head>
<body>
<a class="skipnav" href="#main-content">Gå til sidens indhold</a>
<header class="header"><div class="container"><p class="h4">Rammeaftale Sjælland – bestillingsportal</p></div></header>
<main id="main-content" class="container">
${main}
</main>
<footer class="footer"><div class="container"><p>De 17 kommuner i Region Sjælland og Region Sjælland</p></div></footer>
</body>
</html>`;
}
