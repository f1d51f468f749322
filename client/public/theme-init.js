// The saved theme (src/lib/theme.ts) on <html> before the first paint: a classic script in
// <head> runs before the body is drawn, and the CSP allows no inline script.
;(function () {
  var choice = null
  try {
    choice = window.localStorage.getItem('theme')
  } catch (e) {
    // storage disabled: follow the system
  }
  var dark =
    choice === 'dark' || (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.setAttribute('data-theme', dark ? 'dark' : 'light')
})()
