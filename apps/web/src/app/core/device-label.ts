/**
 * A plain name for this device, sent when a participant joins so their trainer can tell their
 * devices apart ("Android phone", "iPhone"). Never more precise than the kind of device.
 */
export function deviceLabel(userAgent: string = navigator.userAgent): string {
  const ua = userAgent.toLowerCase();
  if (ua.includes('iphone')) return 'iPhone';
  if (ua.includes('ipad')) return 'iPad';
  if (ua.includes('android')) return ua.includes('mobile') ? 'Android phone' : 'Android tablet';
  if (ua.includes('cros')) return 'Chromebook';
  if (ua.includes('windows')) return 'Windows computer';
  if (ua.includes('macintosh') || ua.includes('mac os')) {
    // iPadOS reports itself as a Mac; a touch screen gives it away.
    return navigator.maxTouchPoints > 1 ? 'iPad' : 'Mac';
  }
  if (ua.includes('linux')) return 'Linux computer';
  return 'Web browser';
}
