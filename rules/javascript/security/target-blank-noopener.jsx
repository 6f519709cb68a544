export function Links({ url }) {
  return (
    <nav>
      {/* ruleid: target-blank-noopener */}
      <a href={url} target="_blank">docs</a>
      {/* ok: target-blank-noopener */}
      <a href={url} target="_blank" rel="noopener noreferrer">docs</a>
      {/* ok: target-blank-noopener */}
      <a href="/about">about</a>
      {/* ok: target-blank-noopener */}
      <form target="_blank" />
    </nav>
  );
}
