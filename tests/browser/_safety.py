"""Did anything from the hostile ladder file run, or land in the page as an element?"""
from __future__ import annotations

from ._notebooks import XSS_FLAG

#: Elements or attributes the payloads in the hostile file would create if their HTML were parsed.
_INJECTED = f"""() => {{
  const found = [];
  if (window.{XSS_FLAG} !== undefined) found.push('window.{XSS_FLAG} was set: a payload ran');
  document.querySelectorAll('img[src="x"], iframe[srcdoc], svg[onload]').forEach(
    e => found.push('element <' + e.tagName.toLowerCase() + '> injected in ' + (e.parentElement && e.parentElement.className)));
  document.querySelectorAll('[onerror], [onload]').forEach(e => {{
    const code = (e.getAttribute('onerror') || '') + (e.getAttribute('onload') || '');
    if (code.includes('{XSS_FLAG}')) found.push('handler attribute on <' + e.tagName.toLowerCase() + '>');
  }});
  document.querySelectorAll('script').forEach(s => {{
    if ((s.textContent || '').trim().startsWith('window.{XSS_FLAG}=1')) found.push('script element made from the payload');
  }});
  return found;
}}"""


def injected(page) -> list[str]:
    """What the hostile file managed to do in this page (empty when it is shown only as text)."""
    return page.evaluate(_INJECTED)
