/** Admin console entry (served at /admin, online only). */
import { render } from 'preact';
import { AdminApp } from './AdminApp';
import './admin.css';
import './access.css';

render(<AdminApp />, document.getElementById('admin')!);
