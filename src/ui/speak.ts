/**
 * Says a short confirmation aloud for workers who read little. Silent, and answers false, where the
 * device has no speech synthesis or no voice for the language (many kiosks have none for Chinese).
 */
export function speak(text: string, lang: string): boolean {
  const synth = globalThis.speechSynthesis;
  if (!synth || typeof SpeechSynthesisUtterance !== 'function') return false;
  const prefix = lang.slice(0, 2).toLowerCase();
  const voice = synth.getVoices().find((v) => v.lang.toLowerCase().replace('_', '-').startsWith(prefix));
  if (!voice) return false;
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  utterance.voice = voice;
  synth.cancel();
  synth.speak(utterance);
  return true;
}

/** Whether the device can speak `lang` at all (voices may load late; ask again when showing the setting). */
export function canSpeak(lang: string): boolean {
  const synth = globalThis.speechSynthesis;
  const prefix = lang.slice(0, 2).toLowerCase();
  return !!synth?.getVoices().some((v) => v.lang.toLowerCase().startsWith(prefix));
}
