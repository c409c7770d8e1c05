/** The server's front page: where each user goes. */
export function indexPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>考务服务器 Exam server</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:3rem auto;line-height:1.6}a{display:block;font-size:1.2rem;margin:.5rem 0}</style></head>
<body><h1>考务服务器 · Exam server</h1>
<a href="/kiosk/">考生机 · Candidate kiosk</a>
<a href="/desk/">监考台 · Invigilator's desk (and key entry)</a>
<a href="/desk/#/marking">阅卷 · Marking</a>
<a href="/desk/#/organiser">组织者控制台 · Organiser’s console</a>
</body></html>`;
}
