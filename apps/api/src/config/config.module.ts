// The API's configuration is the shared one; this file keeps the `config` context's import path.
export { APP_CONFIG, ConfigModule, type AppConfig } from '@atelier/config';
