// A note for the next screen to show ("Added amara.okafor."), when a change moves the admin
// to another screen (adding someone opens their profile).

export class Notice {
  /** The person it is about. */
  id = $state<string | null>(null);
  message = $state("");

  show(id: string, message: string) {
    this.id = id;
    this.message = message;
  }

  /** The note for this person, taken (shown once). */
  take(id: string): string | null {
    if (this.id !== id) return null;
    const message = this.message;
    this.id = null;
    this.message = "";
    return message;
  }
}

export const notice = new Notice();
