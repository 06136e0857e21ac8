import type { ImportError } from '../../../../common/contracts/imports';
import { AppError } from '../../../errors';

/** The data changed between upload and commit so that rows no longer hold: the commit wrote nothing. */
export class ImportConflict extends AppError {
  constructor(
    readonly errors: ImportError[],
    message: string,
  ) {
    super(409, 'IMPORT_CONFLICT', message);
  }
}
