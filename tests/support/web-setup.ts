// Angular's packages ship partially compiled (for the Angular linker): outside the CLI's build they need the JIT
// compiler loaded before their classes initialise. Web specs test plain logic, but some import Angular types
// (`HttpErrorResponse`) whose module defines injectables.
import '@angular/compiler';
