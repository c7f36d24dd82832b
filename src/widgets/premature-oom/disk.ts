/**
 * The disk speed the premature-OOM figure starts from, in a file of its own:
 * the OOM rework figure and the two chapters' numbers start from it too, and
 * taking it from the premature-OOM definition would make the OOM rework
 * widget load that whole other widget (its panels, its sentences, the
 * single-run machinery) in the browser, page and model worker alike.
 */
import { PARAM_BY_KEY } from '@forward-progress/model/scenario/params';

/** The figure starts from the scenario's own disk speed; the prose checks at build time whether that ends in a kill. */
export const PREMATURE_OOM_DISK = PARAM_BY_KEY.diskMiBPerS.default;
