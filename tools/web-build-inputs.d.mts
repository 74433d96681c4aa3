/** The directories and files the web build depends on (apps/web, angular.json, the libs it imports), relative to `root`. */
export function webBuildInputs(root: string): string[];
/** True when the built client is missing or older than anything its build reads. */
export function webIsStale(root: string): boolean;
