/**
 * A QR code of `text` as an SVG data URL, black on white with a narrow quiet zone: what the room
 * screens, the join cards and the programme's poster show. `qrcode` is loaded on first use only,
 * so the pages that never draw one do not download it.
 */
export async function qrDataUrl(text: string): Promise<string> {
  // qrcode is CommonJS: its functions live on the default export once bundled.
  const { default: qr } = await import('qrcode');
  const svg = await qr.toString(text, {
    type: 'svg',
    margin: 1,
    errorCorrectionLevel: 'M',
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
