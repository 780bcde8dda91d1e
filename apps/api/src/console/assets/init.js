// Progressive enhancement only: every page works without this. govuk-frontend's components
// (error summary focus, character counts) are started once the browser has shown it can run them.
import { initAll } from './govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
