/* hs-deliveries-bench.h: the Deliveries page measured in a bench run (bench/million.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "hs-deliveries-page.h"

G_BEGIN_DECLS

void hs_deliveries_bench_start (HsDeliveriesPage *page);

G_END_DECLS
