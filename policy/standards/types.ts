/** One control of a public standard: its id, title, the Terraform types that configure what it checks, and its documentation page. */
export interface StandardCheck { readonly id: string; readonly title: string; readonly resourceTypes: readonly string[]; readonly source: string; }
