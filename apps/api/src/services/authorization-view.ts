/** The view lives in `views/` so that `events` can carry it without importing `services`. */
export { notAuthorizedView, type AuthorizationView } from '../views/authorization-view.js';
