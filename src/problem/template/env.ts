/** A data entry: a scalar (its expression text, ready to splice in) or a list. */
export type DataNode = { readonly text: string } | readonly DataNode[];

/** What names mean while one term is generated. */
export interface ExpandEnv {
  readonly data: ReadonlyMap<string, DataNode>;
  /** Row columns bound for this term: name -> expression text. */
  readonly columns: ReadonlyMap<string, string>;
  readonly indices: ReadonlyMap<string, number>;
  readonly variables: ReadonlySet<string>;
  readonly shapes: ReadonlyMap<string, readonly number[]>;
}
