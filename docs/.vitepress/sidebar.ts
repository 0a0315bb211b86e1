/** A protocol's name for the sidebar: its title up to a parenthesis or a colon ("Paxos consensus", not the whole "(single-decree Basic Paxos)"). */
export function shortTitle(title: string): string {
  return title.split(/ \(|: /)[0];
}
