/** The server's front page: where each user goes, grouped as the procedure goes. */
export function indexPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>考务服务器 Exam server</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;max-width:40rem;margin:3rem auto;line-height:1.6}a{display:block;font-size:1.2rem;margin:.5rem 0}h2{font-size:1rem;color:#555;margin-top:1.5rem}</style></head>
<body><h1>考务服务器 · Exam server</h1>
<h2>笔试 · Written exam</h2>
<a href="/kiosk/">考生机 · Candidate kiosk</a>
<a href="/desk/">监考台 · Invigilator's desk (and key entry)</a>
<a href="/desk/#/marking">阅卷 · Marking</a>
<h2>面试 · Interview</h2>
<a href="/desk/#/interview">面试考务台 · Interview desk</a>
<a href="/desk/#/tablet">面试评分平板 · Examiner's tablet</a>
<a href="/desk/#/lot">候考室抽签屏幕 · Draw screen in the holding room</a>
<h2>竞争上岗 · Selection</h2>
<a href="/desk/#/organiser">组织者控制台 · Organiser’s console</a>
<a href="/desk/#/review">资格审查 · Qualification review</a>
<a href="/notice/">公示 · Public notices</a>
</body></html>`;
}
