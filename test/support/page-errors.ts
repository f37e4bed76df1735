/**
 * Errors a page records about itself, for drivers that cannot see them (WebKitWebDriver reports no
 * page errors; a framed page's errors never reach its parent): script text to run in the page
 * before anything else, and a reader to run in it afterwards. The record is symbol-keyed, so the
 * page gains no global name.
 */

/** Uncaught errors, resources that failed to load, unhandled rejections and CSP violations. */
export const RECORD_PAGE_ERRORS = `(function () {
  var errors = [];
  Object.defineProperty(window, Symbol.for('totebot.pageErrors'), { value: errors });
  addEventListener('error', function (event) {
    errors.push(event.message || 'failed to load ' + (event.target && (event.target.src || event.target.href)));
  }, true);
  addEventListener('unhandledrejection', function (event) {
    errors.push('unhandled rejection: ' + (event.reason && event.reason.message || event.reason));
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    errors.push('CSP: ' + event.violatedDirective + ' ' + event.blockedURI);
  });
})();`;

/**
 * Where `serveStore` serves RECORD_PAGE_ERRORS as a file: a page under a strict CSP loads it with
 * `<script src>`, since an inline copy would itself be a violation.
 */
export const RECORD_PAGE_ERRORS_PATH = '/record-page-errors.js';

/** Run in the page: what RECORD_PAGE_ERRORS has recorded since the page loaded. */
export function pageErrors(): string[] {
  return (window as unknown as Record<symbol, string[] | undefined>)[Symbol.for('totebot.pageErrors')] ?? ['the page records no errors: RECORD_PAGE_ERRORS did not run'];
}
