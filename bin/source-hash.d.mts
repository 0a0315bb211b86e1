/** The hex SHA-256 of the sources under `root` (the project folder) that the compiled build is made from. */
export function sourceHash(root: string): string;
/** Whether dist/ under `root` holds a build made from exactly the sources there now. */
export function freshBuild(root: string): boolean;
